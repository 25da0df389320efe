package dev.sluice.log.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A one-node Kafka 4.4 cluster in this JVM: one KRaft process that is broker and controller at once,
 * as {@code kafka.Kafka} runs it with {@code process.roles=broker,controller}, listening on 127.0.0.1
 * only. Its storage is formatted once by {@link #format}; it can then be started and stopped (a clean
 * shutdown) any number of times on the same log directory. Every start and stop is bounded.
 */
final class OneNodeKafka implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> extraConfig;
    private final ExecutorService lifecycle = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "one-node-kafka-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private KafkaRaftServer server;

    private OneNodeKafka(Path logDir, int brokerPort, int controllerPort, Map<String, String> extraConfig) {
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.extraConfig = Map.copyOf(extraConfig);
    }

    /**
     * Formats {@code logDir} as kafka-storage's {@code format} does (meta.properties with a new cluster
     * id, the bootstrap checkpoint of the metadata log) and picks two free loopback ports.
     */
    static OneNodeKafka format(Path logDir, Map<String, String> extraConfig) throws Exception {
        Files.createDirectories(logDir);
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        new Formatter()
                .setPrintStream(new PrintStream(formatterOutput, true))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
        return new OneNodeKafka(logDir, freeLoopbackPort(), freeLoopbackPort(), extraConfig);
    }

    /** Starts the node and waits until its broker answers on its listener. */
    void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        long t0 = System.nanoTime();
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(config(), false), Time.SYSTEM);
        server = s;
        try {
            bounded(s::startup, START_TIMEOUT, "startup");
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            System.out.printf("kafka: started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error e) {
            try {
                stop();
            } catch (Exception stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e;
        }
    }

    /** Shuts the node down cleanly (the broker writes its clean shutdown marker) and waits for it. */
    void stop() throws Exception {
        KafkaRaftServer s = server;
        if (s == null) {
            return;
        }
        server = null;
        long t0 = System.nanoTime();
        bounded(() -> {
            s.shutdown();
            s.awaitShutdown();
        }, STOP_TIMEOUT, "shutdown");
        System.out.printf("kafka: stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    boolean isRunning() {
        return server != null;
    }

    /** {@return the one log directory (also the metadata log's)} */
    Path logDir() {
        return logDir;
    }

    /** {@return the directory of partition {@code partition} of {@code topic}: {@code <topic>-<partition>}} */
    Path partitionDir(String topic, int partition) {
        return logDir.resolve(topic + "-" + partition);
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            lifecycle.shutdownNow();
        }
    }

    private Map<String, String> config() {
        // as a server.properties has them: strings
        Map<String, String> c = new HashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", Integer.toString(NODE_ID));
        c.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        c.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:"
                + controllerPort);
        c.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        c.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        c.put("inter.broker.listener.name", BROKER_LISTENER);
        c.put("controller.listener.names", CONTROLLER_LISTENER);
        c.put("log.dirs", logDir.toString());
        c.put("metadata.log.dir", logDir.toString());
        c.put("auto.create.topics.enable", "false");
        c.put("num.partitions", "1");
        c.put("default.replication.factor", "1");
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        // two shared cores: few threads, and a small cleaner buffer (the default allocates 128 MiB)
        c.put("num.network.threads", "1");
        c.put("num.io.threads", "2");
        c.put("num.recovery.threads.per.data.dir", "1");
        c.put("background.threads", "2");
        c.put("log.cleaner.threads", "1");
        c.put("log.cleaner.dedupe.buffer.size", Long.toString(2L * 1024 * 1024));
        c.putAll(extraConfig);
        return c;
    }

    private void bounded(Runnable action, Duration timeout, String what) throws Exception {
        Future<?> f = lifecycle.submit(action);
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("the broker's " + what + " took more than " + timeout, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker's " + what + " failed", e.getCause());
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
