package org.dkimpack.core.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

import org.dkimpack.core.support.LargeMessageMain;
import org.junit.jupiter.api.Test;

/**
 * The body is hashed as it streams: a 200 MB message signs and verifies in a JVM whose whole
 * heap is 32 MB, which could not hold it even once.
 */
class StreamingTest {

    @Test
    void aLargeMessageShouldSignAndVerifyWithASmallHeap() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx32m",
                "-cp", System.getProperty("java.class.path"),
                LargeMessageMain.class.getName(), "200")
                .redirectErrorStream(true).start();

        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);

        assertThat(finished).isTrue();
        assertThat(output).startsWith("pass max-heap=");
        assertThat(process.exitValue()).isZero();
    }
}
