package com.brandpulse.ml;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SparseVector;

/**
 * Counts of feature indices for one document, reused across documents (one per thread): an
 * open-addressing int → double map, because boxing a HashMap per post would dominate scoring time.
 */
public final class SparseAccumulator {
  private int[] keys = new int[1024];
  private double[] values = new double[1024];
  private boolean[] used = new boolean[1024];
  private int[] order = new int[512];
  private int size;

  public void clear() {
    for (int i = 0; i < size; i++) {
      used[order[i]] = false;
    }
    size = 0;
  }

  public void add(int index) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int slot = slot(index);
    if (!used[slot]) {
      used[slot] = true;
      keys[slot] = index;
      values[slot] = 0;
      order[size++] = slot;
    }
    values[slot] += 1;
  }

  private int slot(int index) {
    int mask = keys.length - 1;
    int slot = (index * 0x9E3779B9) >>> 1 & mask;
    while (used[slot] && keys[slot] != index) {
      slot = slot + 1 & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldKeys = keys;
    double[] oldValues = values;
    int[] oldOrder = Arrays.copyOf(order, size);
    int n = size;
    keys = new int[oldKeys.length * 2];
    values = new double[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    order = new int[oldKeys.length];
    size = 0;
    for (int i = 0; i < n; i++) {
      int slot = slot(oldKeys[oldOrder[i]]);
      used[slot] = true;
      keys[slot] = oldKeys[oldOrder[i]];
      values[slot] = oldValues[oldOrder[i]];
      order[size++] = slot;
    }
  }

  /** Sub-linear term frequency: a word said five times is not five times the evidence. */
  public void logScale() {
    for (int i = 0; i < size; i++) {
      values[order[i]] = 1 + Math.log(values[order[i]]);
    }
  }

  public int size() {
    return size;
  }

  public int index(int i) {
    return keys[order[i]];
  }

  public double value(int i) {
    return values[order[i]];
  }

  /** As an MLlib vector (sorted indices), with per-feature weights applied and L2-normalised. */
  public SparseVector toVector(int dimension, float[] featureWeights) {
    int[] idx = new int[size];
    for (int i = 0; i < size; i++) {
      idx[i] = keys[order[i]];
    }
    Arrays.sort(idx);
    double[] vals = new double[size];
    double norm = 0;
    for (int i = 0; i < size; i++) {
      double v = values[slot(idx[i])] * featureWeights[idx[i]];
      vals[i] = v;
      norm += v * v;
    }
    if (norm > 0) {
      double inv = 1 / Math.sqrt(norm);
      for (int i = 0; i < size; i++) {
        vals[i] *= inv;
      }
    }
    return new SparseVector(dimension, idx, vals);
  }
}
