package org.dkimpack.core.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an {@code expected.tsv} of the shared test vectors: one row per signature, with the
 * file, the signature's index, its {@code d=}, {@code s=}, {@code a=}, the expected result,
 * other defensible results and a note. The tests hold the verifier to the expected result
 * alone, so the defensible alternatives are not read.
 */
final class ExpectedVerdicts {

    private ExpectedVerdicts() {
    }

    static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            rows.add(new Row(columns[0], columns[1].equals("-") ? 0 : Integer.parseInt(columns[1]),
                    columns[3], columns[5], columns.length > 7 ? columns[7] : ""));
        }
        return rows;
    }

    /** One expected verdict; {@code index} 0 stands for a message without signatures. */
    static final class Row {
        final String file;
        final int index;
        final String selector;
        final String expected;
        final String note;

        Row(String file, int index, String selector, String expected, String note) {
            this.file = file;
            this.index = index;
            this.selector = selector;
            this.expected = expected;
            this.note = note;
        }

        @Override
        public String toString() {
            return file + (index > 0 ? " #" + index : "") + " -> " + expected;
        }
    }
}
