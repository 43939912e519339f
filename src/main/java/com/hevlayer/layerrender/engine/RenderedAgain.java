package com.hevlayer.layerrender.engine;

import com.hevlayer.layerrender.model.Pipeline;
import com.hevlayer.layerrender.model.Pool;
import com.hevlayer.layerrender.render.PodSpecPatch;
import com.hevlayer.layerrender.render.RenderedObject;
import com.hevlayer.layerrender.render.Renderer;
import com.hevlayer.layerrender.settings.GatewaySettings;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The objects of a streamed run ({@link Engine.Request#streamed}), rendered again from the decoded Pipelines
 * as they are read: a large render holds its Pipelines, never all of their objects. Rendering is pure, so
 * the objects are the ones the run checked (a patched pod spec was checked then; it is not checked again).
 * An iterator renders each Pipeline once; {@link #subList} is a view of the same kind (the chunks that
 * {@code Output} hands to several threads); {@link #get} renders the Pipeline of the object it returns.
 */
final class RenderedAgain extends AbstractList<RenderedObject> {
    private final List<Pipeline> pipelines;
    private final List<Pool> pools;
    private final GatewaySettings settings;
    /** starts[k]: the index of Pipeline k's first object; starts[pipelines.size()] = the count of objects. */
    private final int[] starts;

    private final int from;
    private final int to;

    RenderedAgain(List<Pipeline> pipelines, List<Pool> pools, int[] counts, GatewaySettings settings) {
        this.pipelines = List.copyOf(pipelines);
        this.pools = pools;
        this.settings = settings;
        this.starts = new int[counts.length + 1];
        for (int i = 0; i < counts.length; i++) {
            starts[i + 1] = starts[i] + counts[i];
        }
        this.from = 0;
        this.to = starts[counts.length];
    }

    private RenderedAgain(RenderedAgain whole, int from, int to) {
        this.pipelines = whole.pipelines;
        this.pools = whole.pools;
        this.settings = whole.settings;
        this.starts = whole.starts;
        this.from = from;
        this.to = to;
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public RenderedObject get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int at = from + index;
        int k = pipelineOf(at);
        return render(k).get(at - starts[k]);
    }

    @Override
    public List<RenderedObject> subList(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size() || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException(fromIndex + ".." + toIndex + " of " + size());
        }
        return new RenderedAgain(this, from + fromIndex, from + toIndex);
    }

    @Override
    public Iterator<RenderedObject> iterator() {
        return new Iterator<>() {
            private int at = from;
            private int k = -1;
            private List<RenderedObject> objects = List.of();

            @Override
            public boolean hasNext() {
                return at < to;
            }

            @Override
            public RenderedObject next() {
                if (at >= to) {
                    throw new NoSuchElementException();
                }
                if (k < 0 || at >= starts[k + 1]) {
                    k = pipelineOf(at);
                    objects = render(k);
                }
                return objects.get(at++ - starts[k]);
            }
        };
    }

    /** The Pipeline whose objects hold index {@code at}. */
    private int pipelineOf(int at) {
        int k = Arrays.binarySearch(starts, at);
        if (k < 0) {
            return -k - 2; // inside the range of the Pipeline that starts before
        }
        while (k + 1 < starts.length && starts[k + 1] == at) {
            k++; // a Pipeline with no objects starts where the next one does
        }
        return k;
    }

    private List<RenderedObject> render(int k) {
        Renderer.Result r = Renderer.render(pipelines.get(k), pools.get(k), settings, PodSpecPatch.Validity.NONE);
        if (!r.violations().isEmpty() || r.objects().size() != starts[k + 1] - starts[k]) {
            throw new IllegalStateException(
                    "Pipeline " + pipelines.get(k).name() + " rendered otherwise than it was checked");
        }
        return r.objects();
    }
}
