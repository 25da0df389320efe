package dev.sluice.sys;

import org.junit.jupiter.api.Test;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The descriptors {@link FfmLibc} writes out (it must not touch the generated holders, or every
 * call would be linked twice) against what jextract generated from the headers.
 */
class FfmLibcDescriptorsTest {
    @Test
    void everyHandleHasTheGeneratedDescriptorOfItsFunction() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Class<?> holder : FfmLibc.class.getDeclaredClasses()) {
            String function = (String) constant(holder, "FUNCTION");
            FunctionDescriptor ours = (FunctionDescriptor) constant(holder, "DESCRIPTOR");
            assertThat(ours).as(holder.getSimpleName() + " (" + function + ")").isEqualTo(generated(holder, function, ours));
            checked.add(function);
        }
        assertThat(checked).as("holders found").hasSizeGreaterThan(30)
                .contains("open", "openat", "fcntl", "syscall", "close", "pread", "pwritev2", "mmap", "sendfile");
    }

    /** The fixed function's {@code $descriptor()}, or for a variadic one its invoker for our variadic layouts. */
    private static FunctionDescriptor generated(Class<?> holder, String function, FunctionDescriptor ours) throws Exception {
        if (hasField(holder, "FIRST_VARIADIC")) {
            int first = (int) constant(holder, "FIRST_VARIADIC");
            List<MemoryLayout> variadic = ours.argumentLayouts().subList(first, ours.argumentLayouts().size());
            Class<?> invoker = Class.forName(Linux.class.getName() + "$" + function);
            Object made = invoker.getDeclaredMethod("makeInvoker", MemoryLayout[].class)
                    .invoke(null, (Object) variadic.toArray(MemoryLayout[]::new));
            return (FunctionDescriptor) invoker.getDeclaredMethod("descriptor").invoke(made);
        }
        Method descriptor = Linux.class.getDeclaredMethod(function + "$descriptor");
        return (FunctionDescriptor) descriptor.invoke(null);
    }

    private static boolean hasField(Class<?> holder, String name) {
        try {
            holder.getDeclaredField(name);
            return true;
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static Object constant(Class<?> holder, String name) throws Exception {
        Field field = holder.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }
}
