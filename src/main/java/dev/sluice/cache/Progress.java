package dev.sluice.cache;

/** Told how far a long warm or eviction has got. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> {
    };

    void update(long doneBytes, long totalBytes);
}
