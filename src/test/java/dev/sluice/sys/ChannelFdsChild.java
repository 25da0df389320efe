package dev.sluice.sys;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Borrows the descriptor of a FileChannel three times and prints what each attempt gave, one line each. */
public final class ChannelFdsChild {
    private ChannelFdsChild() {
    }

    public static void main(String[] args) throws Exception {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            for (int i = 0; i < 3; i++) {
                try {
                    System.out.println("OK " + ChannelFds.of(channel).isOpen());
                } catch (Throwable e) {
                    System.out.println("THREW " + e.getClass().getName() + ": " + e.getMessage());
                }
            }
        }
    }
}
