package com.brandpulse.demo;

import com.brandpulse.demo.Personas.RosterRow;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * The employee roster HR would export (roster/employees.csv): one dated row per role, repeated for
 * each account the person has on the other platforms, so staff posts are recognised wherever they
 * answer.
 */
final class RosterWriter {
  private RosterWriter() {}

  static void write(Output output, List<RosterRow> roster) throws IOException {
    try (Writer w = output.writer(output.resolve("roster", "employees.csv"), "roster")) {
      w.write("handle,brand,department,role,is_executive,effective_from,effective_to\n");
      for (RosterRow r : roster) {
        List<String> accounts = new ArrayList<>(List.of(r.staff().handle()));
        accounts.addAll(OtherPlatforms.accountRefs(r.staff().handle()));
        for (String account : accounts) {
          w.write(
              String.join(
                  ",",
                  account,
                  Output.csvField(Kit.KITS[r.staff().kit()].brand().name()),
                  Output.csvField(r.staff().department()),
                  Output.csvField(r.role()),
                  Boolean.toString(r.staff().executive()),
                  r.from().toString(),
                  r.to() == null ? "" : r.to().toString()));
          w.write('\n');
        }
      }
    }
  }
}
