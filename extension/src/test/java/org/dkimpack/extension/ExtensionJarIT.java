package org.dkimpack.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the extension jar as James 3.8.1 will meet it: what it holds, and that its mailets
 * and matchers work in a class loader whose parent holds James's own Bouncy Castle 1.70,
 * dnsjava 3.5.2, Mime4J 0.8.9, javax.mail and mailet API, parent first, as James loads
 * {@code extensions-jars/}.
 */
class ExtensionJarIT {
    private static final String DRIVER = "org.dkimpack.james.IsolatedSignAndVerify";

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        jar = Paths.get(System.getProperty("extensionJar"));
        entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                entries.add(all.nextElement().getName());
            }
        }
    }

    @Test
    void jarShouldHoldTheMailetsTheMatchersAndTheEngine() {
        assertThat(entries).contains(
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
    void jarShouldHoldNoClassOutsideItsOwnPackages() {
        assertThat(entries).filteredOn(name -> name.endsWith(".class"))
                .allMatch(name -> name.startsWith("org/dkimpack/"));
        assertThat(entries).filteredOn(name -> !name.endsWith("/"))
                .allMatch(name -> name.startsWith("org/dkimpack/")
                        || name.startsWith("META-INF/"), "inside org/dkimpack/ or META-INF/");
    }

    @Test
    void jarShouldHoldNoSignatureNoServiceRegistrationAndNoVersionedClasses() {
        assertThat(entries).noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
        assertThat(entries).noneMatch(name -> name.startsWith("META-INF/services/"));
        assertThat(entries).noneMatch(name -> name.startsWith("META-INF/versions/"));
        assertThat(entries).noneMatch(name -> name.endsWith("module-info.class"));
    }

    @Test
    void jarShouldHoldNothingJamesProvides() {
        assertThat(entries).noneMatch(name -> name.startsWith("javax/")
                || name.startsWith("org/apache/") || name.startsWith("org/slf4j/")
                || name.startsWith("com/google/") || name.startsWith("org/bouncycastle/")
                || name.startsWith("org/xbill/"));
    }

    @Test
    void mailetsShouldSignAndVerifyBesideJamesOwnLibraries(@TempDir Path folder)
            throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader james = new URLClassLoader(jamesClasspath(),
                ClassLoader.getPlatformClassLoader());
                URLClassLoader extension = new URLClassLoader(new URL[] {
                    jar.toUri().toURL(),
                    Paths.get(System.getProperty("driverClasses")).toUri().toURL(),
                }, james)) {
            // Inside a mailet the context class loader is James's.
            Thread.currentThread().setContextClassLoader(james);
            @SuppressWarnings("unchecked")
            Function<Path, Map<String, String>> driver = (Function<Path, Map<String, String>>)
                    extension.loadClass(DRIVER).getDeclaredConstructor().newInstance();

            Map<String, String> seen = driver.apply(folder);

            assertThat(seen).containsEntry("senderDomainHasKey", "true")
                    .containsEntry("dkim.result", "pass")
                    .containsEntry("dkimPassForExampleCom", "true")
                    .containsEntry("bcProviderRegistered", "false");
            assertThat(seen.get("signature")).contains("a=ed25519-sha256")
                    .contains("d=example.com");
            assertThat(seen.get("authenticationResults")).contains("dkim=pass");
            assertThat(seen.get("ed25519KeyClass"))
                    .startsWith("org.dkimpack.shaded.bouncycastle.");
            assertThat(seen.get("mailetLoader")).isEqualTo(seen.get("driverLoader"));
            assertThat(james.loadClass("org.bouncycastle.jce.provider.BouncyCastleProvider")
                    .getProtectionDomain().getCodeSource().getLocation().getPath())
                    .endsWith("bcprov-jdk15on-1.70.jar");
            assertThat(extension.loadClass("org.xbill.DNS.Lookup").getClassLoader())
                    .isSameAs(james);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static URL[] jamesClasspath() throws IOException {
        Path folder = Paths.get(System.getProperty("jamesClasspath"));
        try (Stream<Path> jars = Files.list(folder)) {
            List<URL> urls = new ArrayList<>();
            for (Path path : jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .collect(Collectors.toList())) {
                urls.add(path.toUri().toURL());
            }
            return urls.toArray(new URL[0]);
        }
    }
}
