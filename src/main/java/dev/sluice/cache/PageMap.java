package dev.sluice.cache;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which pages of a range are cached, page by page (like {@code vmtouch -v}).
 *
 * @param path the file
 * @param pageSize the page size in bytes
 * @param firstPage index of the range's first page in the file
 * @param pages number of pages in the range
 * @param cached bit i set when page {@code firstPage + i} is cached
 */
public record PageMap(String path, long pageSize, long firstPage, long pages, BitSet cached) {
    /**
     * A run of consecutive pages with the same state.
     *
     * @param firstPage index of the run's first page in the file
     * @param pages number of pages in the run
     * @param cached whether they are cached
     */
    public record Run(long firstPage, long pages, boolean cached) {
    }

    /** Copies {@code cached}, so the map does not change with the caller's set. */
    public PageMap {
        cached = (BitSet) cached.clone();
    }

    /** {@return a copy of the cached-page bits: bit i for page {@code firstPage + i}} */
    @Override
    public BitSet cached() {
        return (BitSet) cached.clone();
    }

    /** {@return the number of cached pages in the range} */
    public long cachedPages() {
        return cached.cardinality();
    }

    /** {@return the range as alternating runs of cached and uncached pages, in file order} */
    public List<Run> runs() {
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < pages) {
            boolean state = cached.get(i);
            int end = state ? cached.nextClearBit(i) : cached.nextSetBit(i);
            if (end < 0 || end > pages) {
                end = (int) pages;
            }
            runs.add(new Run(firstPage + i, end - i, state));
            i = end;
        }
        return runs;
    }

    /**
     * The map drawn in {@code width} cells: 'O' all cached, 'o' partly, ' ' none, as
     * {@code [OOOoo   ]}.
     *
     * @param width cells in the line, more than 0 (fewer if the range has fewer pages)
     * @return the line, brackets included
     * @throws IllegalArgumentException if {@code width} is not positive
     */
    public String render(int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("width must be > 0, was " + width);
        }
        StringBuilder line = new StringBuilder("[");
        int cells = (int) Math.min(width, Math.max(pages, 1));
        for (int c = 0; c < cells; c++) {
            long from = pages * c / cells;
            long to = Math.max(from + 1, pages * (c + 1) / cells);
            int set = cached.get((int) from, (int) Math.min(to, pages)).cardinality();
            long span = Math.min(to, pages) - from;
            line.append(span <= 0 || set == 0 ? ' ' : set == span ? 'O' : 'o');
        }
        return line.append(']').toString();
    }
}
