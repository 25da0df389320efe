package dev.sluice.sys;

import dev.sluice.testing.TestData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelFdsAndFeaturesTest {
    @TempDir
    Path dir;

    @Test
    void theDescriptorOfAFileChannelIsTheChannelsOwn() throws Exception {
        Path file = TestData.fileWith(dir, "fc", "channel bytes".getBytes());
        Fd fd;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            fd = ChannelFds.of(channel);
            assertThat(fd.isOwned()).isFalse();
            int number = fd.acquire();
            fd.release();
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + number))).isEqualTo(file);
            try (Arena arena = Arena.ofConfined()) {
                assertThat(new NativeFile(fd, file.toString()).read(arena.allocate(7), 0)).isEqualTo(7);
            }
            fd.close();
            assertThat(channel.isOpen()).isTrue();
        }
        assertThat(fd.isOpen()).isFalse();
        assertThatThrownBy(fd::acquire).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void theDescriptorOfSocketChannels() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
            int serverFd = ChannelFds.of(server).acquire();
            int clientFd = ChannelFds.of(client).acquire();
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + serverFd)).toString()).startsWith("socket:");
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + clientFd)).toString()).startsWith("socket:");
        }
    }

    @Test
    void aClosedChannelHasNoDescriptor() throws Exception {
        FileChannel channel = FileChannel.open(TestData.fileWith(dir, "closed", new byte[1]));
        channel.close();
        assertThatThrownBy(() -> ChannelFds.of(channel)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kernelFeaturesMatchTheRunningKernel() throws Exception {
        String[] release = KernelFeatures.kernelRelease().split("[.-]");
        int major = Integer.parseInt(release[0]);
        int minor = Integer.parseInt(release[1]);
        boolean atLeast65 = major > 6 || (major == 6 && minor >= 5);
        assertThat(KernelFeatures.cachestat()).isEqualTo(atLeast65);
        assertThat(KernelFeatures.openat2()).isEqualTo(major > 5 || (major == 5 && minor >= 6));
        Process getconf = new ProcessBuilder("getconf", "PAGESIZE").start();
        assertThat(KernelFeatures.pageSize()).isEqualTo(Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim()));
    }

    @Test
    void nativeAccessIsEnabledInTestsAndTheFlagIsNamed() {
        assertThat(Kernel.nativeAccessFlag()).isEqualTo("--enable-native-access=ALL-UNNAMED");
        assertThat(ChannelFds.requiredFlags()).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }
}
