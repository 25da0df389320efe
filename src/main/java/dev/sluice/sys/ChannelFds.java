package dev.sluice.sys;

import java.io.FileDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The descriptor behind a JDK channel, borrowed: usable while the channel is open, never closed by
 * sluice. Reading it needs the JDK internals opened to sluice:
 * {@code --add-opens=java.base/sun.nio.ch=dev.sluice --add-opens=java.base/java.io=dev.sluice}
 * (or {@code =ALL-UNNAMED} on the class path).
 */
public final class ChannelFds {
    private ChannelFds() {
    }

    /**
     * {@return the descriptor of {@code channel}, borrowed} It is usable while the channel is open.
     *
     * @param channel an open file channel from {@link FileChannel#open}
     * @throws IllegalArgumentException if the channel is closed or has no descriptor
     * @throws UnsupportedOperationException if the JDK internals are not opened ({@link #requiredFlags()})
     */
    public static Fd of(FileChannel channel) {
        return borrow(channel);
    }

    /**
     * {@return the descriptor of {@code channel}, borrowed} It is usable while the channel is open.
     *
     * @param channel an open socket channel
     * @throws IllegalArgumentException if the channel is closed or has no descriptor
     * @throws UnsupportedOperationException if the JDK internals are not opened ({@link #requiredFlags()})
     */
    public static Fd of(SocketChannel channel) {
        return borrow(channel);
    }

    /**
     * {@return the descriptor of {@code channel}, borrowed} It is usable while the channel is open.
     *
     * @param channel an open server socket channel
     * @throws IllegalArgumentException if the channel is closed or has no descriptor
     * @throws UnsupportedOperationException if the JDK internals are not opened ({@link #requiredFlags()})
     */
    public static Fd of(ServerSocketChannel channel) {
        return borrow(channel);
    }

    /** {@return the java flags that let sluice read a channel's descriptor} */
    public static String requiredFlags() {
        Module module = ChannelFds.class.getModule();
        String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return "--add-opens=java.base/sun.nio.ch=" + target + " --add-opens=java.base/java.io=" + target;
    }

    private static Fd borrow(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        if (!channel.isOpen()) {
            throw new IllegalArgumentException("channel is closed: " + channel);
        }
        try {
            FileDescriptor descriptor = (FileDescriptor) Fields.CHANNEL_FD.get(channel.getClass()).get(channel);
            int fd = Fields.fdInt().getInt(descriptor);
            if (fd < 0) {
                throw new IllegalArgumentException("channel has no descriptor: " + channel);
            }
            return Fd.borrowed(fd, channel);
        } catch (InaccessibleObjectException | IllegalAccessException e) {
            throw new UnsupportedOperationException("reading the descriptor of a " + channel.getClass().getSimpleName()
                    + " needs " + requiredFlags(), e);
        }
    }

    /**
     * The fields, made accessible once. Nothing here may throw while the class initialises: a class
     * whose initialiser failed is unusable for good (NoClassDefFoundError at every later call), and
     * each call must say which flag is missing.
     */
    private static final class Fields {
        /** FileDescriptor.fd, or the reason it is out of reach (java.io not opened to sluice). */
        private static final Object FD_INT = accessibleOrWhyNot(FileDescriptor.class, "fd");

        static Field fdInt() {
            if (FD_INT instanceof InaccessibleObjectException e) {
                throw new InaccessibleObjectException(e.getMessage());
            } else if (FD_INT instanceof RuntimeException e) {
                throw new UnsupportedOperationException(e.getMessage(), e);
            }
            return (Field) FD_INT;
        }

        static final ClassValue<Field> CHANNEL_FD = new ClassValue<>() {
            @Override
            protected Field computeValue(Class<?> type) {
                for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                    for (Field f : c.getDeclaredFields()) {
                        if (f.getType() == FileDescriptor.class && f.getName().equals("fd")) {
                            f.setAccessible(true);
                            return f;
                        }
                    }
                }
                throw new UnsupportedOperationException(type.getName() + " has no FileDescriptor field 'fd'");
            }
        };

        private static Object accessibleOrWhyNot(Class<?> type, String name) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (InaccessibleObjectException e) {
                return e;
            } catch (NoSuchFieldException e) {
                return new UnsupportedOperationException(type.getName() + " has no field " + name, e);
            }
        }
    }
}
