package org.dkimpack.extension.james39;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes.Name;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the Eclipse Transformer made of the James 3.8 jar: the same entries, javax.mail,
 * javax.activation and javax.inject renamed to jakarta in the James-side classes, and every
 * other byte (the engine, relocated Bouncy Castle and dnsjava) as it was.
 */
class TransformedJarIT {
    /** The Java EE names James 3.9 no longer has, slashed as in class files or dotted. */
    private static final Pattern JAVAX_EE = Pattern.compile(
            "javax[/.](mail|activation|inject)\\b");
    private static final String JAMES_SIDE = "org/dkimpack/james/";

    private static JarContents jar39;
    private static JarContents jar38;

    @BeforeAll
    static void readJars() {
        jar39 = JarContents.james39();
        jar38 = JarContents.james38();
    }

    @Test
    void jarShouldBeNamedForJames39() {
        assertThat(jar39.path().getFileName().toString()).matches("dkimpack-james39-.+\\.jar");
        assertThat(jar39.manifest().getMainAttributes().getValue(Name.IMPLEMENTATION_TITLE))
                .isEqualTo("dkimpack for Apache James 3.9.0 (jakarta.mail)");
    }

    @Test
    void jarShouldHoldWhatTheJames38JarHolds() {
        assertThat(ownEntries(jar39)).isEqualTo(ownEntries(jar38)).contains(
                "org/dkimpack/james/DkimSign.class",
                "org/dkimpack/james/DkimVerify.class",
                "org/dkimpack/james/HasDkimSignature.class",
                "org/dkimpack/james/DkimResultIs.class",
                "org/dkimpack/james/DkimPassFor.class",
                "org/dkimpack/james/SenderDomainHasDkimKey.class",
                "org/dkimpack/core/sign/DkimSigner.class",
                "org/dkimpack/shaded/bouncycastle/crypto/signers/Ed25519Signer.class",
                "org/dkimpack/shaded/xbill/DNS/SimpleResolver.class");
    }

    @Test
    void noClassShouldNameJavaxMailActivationOrInject() {
        List<String> found = new ArrayList<>();
        jar39.classes().forEach((name, model) -> javaxNames(model)
                .forEach(javax -> found.add(name + ": " + javax)));

        assertThat(found).isEmpty();
        assertThat(javaxNames(jar38.classes().get("org/dkimpack/james/DkimSign.class")))
                .as("the James 3.8 jar, for contrast").contains("javax/mail/MessagingException",
                        "Ljavax/inject/Inject;");
    }

    @Test
    void noOtherEntryShouldNameJavaxMailActivationOrInject() {
        for (String name : ownEntries(jar39)) {
            if (!name.endsWith(".class")) {
                assertThat(new String(jar39.entries().get(name), StandardCharsets.ISO_8859_1))
                        .as(name).doesNotContainPattern(JAVAX_EE);
            }
        }
    }

    @Test
    void mailetsShouldUseJakartaMailAndBeInjectedThroughJakartaInject() {
        Map<String, ClassModel> classes = jar39.classes();

        for (String mailet : List.of("DkimSign", "DkimVerify")) {
            ClassModel model = classes.get(JAMES_SIDE + mailet + ".class");
            assertThat(utf8(model)).as(mailet).contains("jakarta/mail/MessagingException");
            assertThat(injectedConstructorAnnotations(model)).as(mailet)
                    .containsExactly("Ljakarta/inject/Inject;");
        }
    }

    @Test
    void onlyJamesSideClassesShouldDifferFromTheJames38Jar() {
        Map<String, byte[]> before = jar38.entries();
        Set<String> changed = new TreeSet<>();
        for (String name : ownEntries(jar39)) {
            if (!Arrays.equals(jar39.entries().get(name), before.get(name))) {
                changed.add(name);
            }
        }
        Set<String> namingJavax = jar38.classes().entrySet().stream()
                .filter(entry -> !javaxNames(entry.getValue()).isEmpty())
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(changed).isEqualTo(namingJavax).isNotEmpty()
                .allMatch(name -> name.startsWith(JAMES_SIDE));
    }

    @Test
    void classesShouldStayJava11Bytecode() {
        assertThat(jar39.classes().values()).allSatisfy(model ->
                assertThat(model.majorVersion()).as(model.thisClass().asInternalName())
                        .isLessThanOrEqualTo(55));
    }

    /** The entries that are not build metadata (the manifest and the Maven files). */
    private static Set<String> ownEntries(JarContents jar) {
        return jar.entries().keySet().stream()
                .filter(name -> !name.equals("META-INF/MANIFEST.MF")
                        && !name.startsWith("META-INF/maven/"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> javaxNames(ClassModel model) {
        return utf8(model).stream().filter(text -> JAVAX_EE.matcher(text).find())
                .collect(Collectors.toList());
    }

    private static List<String> utf8(ClassModel model) {
        List<String> texts = new ArrayList<>();
        for (PoolEntry entry : model.constantPool()) {
            if (entry instanceof Utf8Entry utf8) {
                texts.add(utf8.stringValue());
            }
        }
        return texts;
    }

    /** The runtime annotations of the constructor that takes James's MetricFactory. */
    private static List<String> injectedConstructorAnnotations(ClassModel model) {
        for (MethodModel method : model.methods()) {
            if (method.methodName().equalsString("<init>") && method.methodType()
                    .equalsString("(Lorg/apache/james/metrics/api/MetricFactory;)V")) {
                return method.findAttribute(Attributes.runtimeVisibleAnnotations())
                        .map(attribute -> attribute.annotations().stream()
                                .map(annotation -> annotation.className().stringValue())
                                .collect(Collectors.toList()))
                        .orElse(List.of());
            }
        }
        throw new AssertionError(model.thisClass().asInternalName()
                + " has no constructor taking a MetricFactory");
    }
}
