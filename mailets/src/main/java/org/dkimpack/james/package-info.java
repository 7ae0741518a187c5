/**
 * DKIM for Apache James 3.8: the mailets and matchers an operator names in
 * {@code mailetcontainer.xml}.
 *
 * <ul>
 * <li>{@link org.dkimpack.james.DkimSign} signs outgoing mail with the key(s) of the sender's
 *     domain, from a key directory or a signing table;</li>
 * <li>{@link org.dkimpack.james.DkimVerify} verifies incoming mail, prepends
 *     {@code Authentication-Results} and records the results as mail attributes
 *     ({@link org.dkimpack.james.DkimAttributes});</li>
 * <li>{@code HasDkimSignature}, {@code DkimResultIs}, {@code DkimPassFor} and
 *     {@code SenderDomainHasDkimKey} route on signatures, results and keys.</li>
 * </ul>
 *
 * <p>All are written fully qualified, {@code org.dkimpack.james.DkimSign}, and come in one jar
 * for James's {@code extensions-jars/} folder. The DKIM work itself is done by the engine in
 * {@code org.dkimpack.core}, which knows nothing of James.
 */
package org.dkimpack.james;
