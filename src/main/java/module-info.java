/**
 * sluice: Linux native I/O for Java through the Foreign Function and Memory API.
 *
 * <p>Run with {@code --enable-native-access=dev.sluice} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path).
 */
module dev.sluice {
    requires org.slf4j;

    exports dev.sluice.sys;
    exports dev.sluice.cache;
    exports dev.sluice.transfer;
    exports dev.sluice.log;
}
