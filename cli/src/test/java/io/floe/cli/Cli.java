package io.floe.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code floe} in-process on a warehouse folder and captures its output. */
final class Cli {
  private final Path dir;
  private final Map<String, String> env;

  Cli(Path dir) {
    this(dir, Map.of());
  }

  Cli(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  Path dir() {
    return dir;
  }

  /** The result of one command line. */
  record Result(int code, String out, String err) {}

  /** Runs a command line against the warehouse {@code dir/warehouse} (the default). */
  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FloeCli.create(env, dir, dir)
            .execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs with extra leading arguments. */
  Result runWith(List<String> prefix, String... args) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(args));
    return run(all.toArray(new String[0]));
  }
}
