/**
 * Keys: the private keys a signer loads from PEM files ({@link PrivateKeyLoader},
 * {@link SigningKey}), the public keys a verifier reads from DNS key records
 * ({@link KeyRecord}), and the two signature primitives that join them
 * ({@link KeyAlgorithms}). RSA goes through the JDK's own providers; Ed25519 through Bouncy
 * Castle's lightweight API, so that Java 11 suffices and no JCA provider is registered in the
 * host server.
 */
package org.dkimpack.core.key;
