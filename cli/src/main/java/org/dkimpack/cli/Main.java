package org.dkimpack.cli;

/** The entry point of the runnable jar: runs {@code dkimpack} and exits with its status. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(DkimpackCommand.execute(Terminal.system(), args));
    }
}
