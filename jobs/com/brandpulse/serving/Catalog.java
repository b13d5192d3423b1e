package com.brandpulse.serving;

import com.brandpulse.alert.AlertTables;
import com.brandpulse.common.TableContract;
import com.brandpulse.common.Tables;
import com.brandpulse.gold.CrisisTables;
import com.brandpulse.gold.GoldTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every table of the warehouse, once, across the layers: the ingest, silver and ml contracts of
 * {@link Tables}, the gold jobs' own ({@link GoldTables}, {@link CrisisTables}) and the alert job's
 * ({@link AlertTables}). It lives at the top layer because only it may see them all; {@code
 * publish} serves its gold tables and {@code sql} registers every one.
 */
public final class Catalog {
  private Catalog() {}

  /**
   * The classes that declare table contracts, each with its list {@code ALL}; a new one is added
   * here and below.
   */
  public static final List<Class<?>> DECLARING_CLASSES =
      List.of(Tables.class, GoldTables.class, CrisisTables.class, AlertTables.class);

  /**
   * Every declared table, once (docs/tables.md lists them all; DocsTest checks that no declaration
   * is missing).
   */
  public static List<TableContract> all() {
    Map<String, TableContract> all = new LinkedHashMap<>();
    for (List<TableContract> list :
        List.of(Tables.ALL, GoldTables.ALL, CrisisTables.ALL, AlertTables.ALL)) {
      list.forEach(c -> all.putIfAbsent(c.qualifiedName(), c));
    }
    return List.copyOf(all.values());
  }

  /** Contracts by qualified name (layer.name); none named = every gold table. */
  public static List<TableContract> named(List<String> names) {
    List<TableContract> all = all();
    if (names.isEmpty()) {
      return all.stream().filter(c -> c.layer().equals("gold")).toList();
    }
    List<TableContract> out = new ArrayList<>();
    for (String name : names) {
      out.add(
          all.stream()
              .filter(c -> c.qualifiedName().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown table "
                              + name
                              + "; declared: "
                              + all.stream().map(TableContract::qualifiedName).toList())));
    }
    return out;
  }
}
