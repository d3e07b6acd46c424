package io.floe.cli;

/**
 * The exit codes of {@code floe}, documented in {@code docs/cli.md} and in every command's help.
 */
public final class ExitCodes {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /** The command failed: a catalog, I/O, validation or commit error (the message says which). */
  public static final int FAILURE = 1;

  /** The command line was wrong: an unknown command or option, a missing or bad argument. */
  public static final int USAGE = 2;

  /** A namespace, table, snapshot, ref or catalog that the command names does not exist. */
  public static final int NOT_FOUND = 3;

  /** A namespace or table that the command would create already exists. */
  public static final int ALREADY_EXISTS = 4;

  private ExitCodes() {}
}
