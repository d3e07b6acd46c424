package io.floe.testkit;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Rules that fail, delay or corrupt file operations and catalog commits of a {@link FloeTestKit},
 * to test what code does when storage or the catalog misbehaves.
 *
 * <p>A rule names what it applies to (file operations and a location pattern, or the commits of a
 * table), which of the matching calls it hits (every one by default, the {@code nth}, the first
 * {@code times}, or each with a seeded probability), and what it does. Rules can be added and
 * removed while the code under test runs; every injection is logged in {@link #injected()}. Commit
 * conflicts are retried by Iceberg like real ones, so {@code nth(1).conflict()} tests the retry
 * path and an unlimited {@code conflict()} exhausts it. Thread-safe.
 *
 * <pre>{@code
 * Faults faults = kit.faults();
 * faults.onFile(FileOperation.CREATE).path("**.avro").nth(2).fail();
 * faults.onFile(FileOperation.READ).probability(0.01, 42L).delay(Duration.ofMillis(5));
 * faults.onCommit().table("db.events").stateUnknownAfterApply();
 * faults.onCommit().table("db.events").nth(1).lostAckAfterApply();
 * }</pre>
 */
public final class Faults {
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<InjectedFault> injected = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong fileCalls = new AtomicLong();
  private final AtomicLong commitAttempts = new AtomicLong();
  private final AtomicLong commitConflicts = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong maxAttempts = new AtomicLong();
  private final ThreadLocal<long[]> attemptsOfThread = ThreadLocal.withInitial(() -> new long[1]);
  private volatile Recording recording;

  private Faults() {}

  /**
   * Creates an empty rule set.
   *
   * @return new faults with no rules
   */
  public static Faults create() {
    return new Faults();
  }

  /**
   * Starts a rule for some file operations.
   *
   * @param first an operation
   * @param more more operations
   * @return a rule to refine and then finish with an action
   */
  public FileRule onFile(FileOperation first, FileOperation... more) {
    return new FileRule(EnumSet.of(Objects.requireNonNull(first, "first"), more));
  }

  /**
   * Starts a rule for every file operation.
   *
   * @return a rule to refine and then finish with an action
   */
  public FileRule onAnyFile() {
    return new FileRule(EnumSet.allOf(FileOperation.class));
  }

  /**
   * Starts a rule for catalog commits (appends and other changes of existing tables; table creation
   * is not included).
   *
   * @return a rule to refine and then finish with an action
   */
  public CommitRule onCommit() {
    return new CommitRule();
  }

  /** Removes every rule; the log of injected faults is kept. */
  public void clear() {
    rules.clear();
  }

  /**
   * The faults injected so far, oldest first.
   *
   * @return a copy of the log
   */
  public List<InjectedFault> injected() {
    synchronized (injected) {
      return List.copyOf(injected);
    }
  }

  /**
   * The number of file operations seen so far (injected or not).
   *
   * @return the count
   */
  public long fileCalls() {
    return fileCalls.get();
  }

  /**
   * The number of catalog commit attempts seen so far, retries included.
   *
   * @return the count
   */
  public long commitAttempts() {
    return commitAttempts.get();
  }

  /**
   * The number of commit attempts that lost to a concurrent commit (real or injected) and were
   * retried or given up.
   *
   * @return the count
   */
  public long commitConflicts() {
    return commitConflicts.get();
  }

  /**
   * The number of catalog commits that succeeded.
   *
   * @return the count
   */
  public long commits() {
    return commits.get();
  }

  /**
   * The most attempts one successful commit needed (1 when none had to retry).
   *
   * @return the count, 0 before the first commit
   */
  public long maxCommitAttempts() {
    return maxAttempts.get();
  }

  /**
   * Starts recording every file operation (location and kind), to learn which calls a piece of code
   * makes before failing each of them in turn. Replaces a running recording.
   *
   * @return the recording; stop it with {@link Recording#stop()}
   */
  public Recording record() {
    Recording r = new Recording(this);
    recording = r;
    return r;
  }

  /**
   * One file operation seen while recording.
   *
   * <p>Immutable and thread-safe.
   *
   * @param operation the operation
   * @param location the file's location (or the prefix, for listings)
   * @param ordinal the call's number among calls of the same operation since recording began, from
   *     1
   */
  public record FileCall(FileOperation operation, String location, long ordinal) {}

  /**
   * The file operations made while it ran, in order. Thread-safe.
   *
   * <pre>{@code
   * Faults.Recording rec = faults.record();
   * table.newAppend().rows(rows).commit();
   * List<Faults.FileCall> calls = rec.stop();
   * }</pre>
   */
  public static final class Recording {
    private final Faults owner;
    private final List<FileCall> calls = new ArrayList<>();
    private final long[] perOperation = new long[FileOperation.values().length];

    private Recording(Faults owner) {
      this.owner = owner;
    }

    private synchronized void add(FileOperation op, String location) {
      calls.add(new FileCall(op, location, ++perOperation[op.ordinal()]));
    }

    /**
     * Stops recording.
     *
     * @return the calls recorded, oldest first
     */
    public List<FileCall> stop() {
      if (owner.recording == this) {
        owner.recording = null;
      }
      return calls();
    }

    /**
     * The calls recorded so far.
     *
     * @return a copy, oldest first
     */
    public synchronized List<FileCall> calls() {
      return List.copyOf(calls);
    }
  }

  // ---- rules ----

  enum Action {
    FAIL,
    DELAY,
    RUN,
    CORRUPT,
    TEAR,
    TEAR_FAIL,
    CONFLICT,
    UNKNOWN,
    UNKNOWN_AFTER_APPLY,
    DISCONNECT_AFTER_APPLY,
    LOST_ACK_AFTER_APPLY
  }

  abstract static class Selection<S extends Selection<S>> {
    long nth;
    long times = Long.MAX_VALUE;
    double probability = 1.0;
    Random random;
    boolean used;
    Runnable hook;

    abstract S self();

    void checkUnused() {
      if (used) {
        throw new IllegalStateException("This rule was already registered; start a new one");
      }
    }

    /**
     * Hits only the nth matching call.
     *
     * @param n the call's number, from 1
     * @return this rule
     */
    public S nth(long n) {
      checkUnused();
      if (n < 1) {
        throw new IllegalArgumentException("nth counts from 1, got " + n);
      }
      this.nth = n;
      return self();
    }

    /**
     * Hits the first {@code n} matching calls only (with {@link #probability}, the first {@code n}
     * chosen).
     *
     * @param n how many calls, 1 or more
     * @return this rule
     */
    public S times(long n) {
      checkUnused();
      if (n < 1) {
        throw new IllegalArgumentException("times must be at least 1, got " + n);
      }
      this.times = n;
      return self();
    }

    /**
     * Hits each matching call with a probability, drawn from a generator seeded for repeatable
     * runs.
     *
     * @param p the probability, from 0 to 1
     * @param seed the generator's seed
     * @return this rule
     */
    public S probability(double p, long seed) {
      checkUnused();
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("probability must be within [0, 1], got " + p);
      }
      this.probability = p;
      this.random = new Random(seed);
      return self();
    }

    /**
     * Fails the chosen calls or commits with an exception of your choice, thrown as is (a commit
     * before it is applied).
     *
     * @param error makes the exception to throw
     * @return the registered fault
     */
    public Fault failWith(Supplier<? extends RuntimeException> error) {
      return register(
          Action.FAIL,
          Objects.requireNonNull(error, "error"),
          Duration.ZERO,
          "fail with custom error");
    }

    /**
     * Delays the chosen calls or commits, then lets them proceed (a commit is delayed before it is
     * applied, widening the window for races).
     *
     * @param delay how long to wait
     * @return the registered fault
     */
    public Fault delay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
      return register(Action.DELAY, null, delay, "delay " + delay);
    }

    /**
     * Runs an action at each chosen call or commit, in the calling or committing thread, then lets
     * it proceed: to signal a test, or to hold the code under test at an exact point (a child
     * process that a test kills while it waits there). A commit's action runs before the catalog
     * applies it, when every file of the commit is written.
     *
     * @param action what to run
     * @return the registered fault
     */
    public Fault run(Runnable action) {
      this.hook = Objects.requireNonNull(action, "action");
      return register(Action.RUN, null, Duration.ZERO, "run an action");
    }

    /** Registers the rule with its action; once per rule. */
    abstract Fault register(
        Action action, Supplier<? extends RuntimeException> error, Duration delay, String text);

    String selectionText() {
      StringBuilder s = new StringBuilder();
      if (nth > 0) {
        s.append(" #").append(nth);
      }
      if (times != Long.MAX_VALUE) {
        s.append(" x").append(times);
      }
      if (random != null) {
        s.append(" p=").append(probability);
      }
      return s.toString();
    }
  }

  /**
   * A rule for file operations, being described: choose the locations and calls, then finish with
   * an action. Not thread-safe until registered.
   *
   * <pre>{@code
   * faults.onFile(FileOperation.WRITE).path("**.parquet").times(3).fail();
   * }</pre>
   */
  public final class FileRule extends Selection<FileRule> {
    private final Set<FileOperation> operations;
    private Pattern pattern;
    private String patternText = "*";

    private FileRule(Set<FileOperation> operations) {
      this.operations = operations;
    }

    @Override
    FileRule self() {
      return this;
    }

    /**
     * Applies to locations matching a glob: {@code **} matches anything, {@code *} anything but
     * {@code /}, {@code ?} one character other than {@code /}; a glob without {@code /} matches the
     * file name only.
     *
     * @param glob such as {@code "**.metadata.json"} or {@code "*.parquet"}
     * @return this rule
     */
    public FileRule path(String glob) {
      checkUnused();
      Objects.requireNonNull(glob, "glob");
      String regex = globToRegex(glob);
      this.pattern = Pattern.compile(glob.contains("/") ? regex : "(.*/)?" + regex);
      this.patternText = glob;
      return this;
    }

    /**
     * Applies to locations matching a regular expression (anywhere in the location).
     *
     * @param regex the expression
     * @return this rule
     */
    public FileRule pathMatching(Pattern regex) {
      checkUnused();
      this.pattern =
          Pattern.compile(
              ".*(?:" + Objects.requireNonNull(regex, "regex").pattern() + ").*", regex.flags());
      this.patternText = "/" + regex.pattern() + "/";
      return this;
    }

    /**
     * Fails the chosen calls with an I/O error, as storage would.
     *
     * @return the registered fault
     */
    public Fault fail() {
      return register(Action.FAIL, null, Duration.ZERO, "fail");
    }

    /**
     * Flips the bits of the first byte of each chosen read or write call, silently: the reader
     * gets, or the file keeps, wrong bytes.
     *
     * @return the registered fault
     * @throws IllegalStateException when the rule covers operations other than READ and WRITE
     */
    public Fault corrupt() {
      if (!EnumSet.of(FileOperation.READ, FileOperation.WRITE).containsAll(operations)) {
        throw new IllegalStateException(
            "corrupt() applies to READ and WRITE only, not " + operations);
      }
      return register(Action.CORRUPT, null, Duration.ZERO, "corrupt");
    }

    /**
     * Cuts the file short at each chosen write call, silently: the first half of that call's bytes
     * and nothing after them reach storage, and closing the file succeeds. Storage keeps a torn
     * file while the writer believes it whole, as after a crash of a disk that lied about a flush.
     *
     * @return the registered fault
     * @throws IllegalStateException when the rule covers operations other than WRITE
     */
    public Fault tear() {
      return registerWrite(Action.TEAR, "tear");
    }

    /**
     * Cuts the file short at each chosen write call as {@link #tear()} does, and then fails closing
     * the file with an I/O error: storage keeps the torn file (a full disk, a lost connection
     * mid-upload) and the writer learns of it when it closes the file.
     *
     * @return the registered fault
     * @throws IllegalStateException when the rule covers operations other than WRITE
     */
    public Fault tearAndFail() {
      return registerWrite(Action.TEAR_FAIL, "tear, then fail the close");
    }

    private Fault registerWrite(Action action, String text) {
      if (!EnumSet.of(FileOperation.WRITE).containsAll(operations)) {
        throw new IllegalStateException(text + " applies to WRITE only, not " + operations);
      }
      return register(action, null, Duration.ZERO, text);
    }

    @Override
    Fault register(
        Action action, Supplier<? extends RuntimeException> error, Duration delay, String text) {
      checkUnused();
      used = true;
      String ops =
          operations.size() == FileOperation.values().length ? "ANY" : operations.toString();
      Rule rule =
          new Rule(
              this, action, error, delay, ops + " " + patternText + selectionText() + ": " + text) {
            @Override
            boolean applies(Object op, String target) {
              return op instanceof FileOperation f
                  && operations.contains(f)
                  && (pattern == null || pattern.matcher(target).matches());
            }
          };
      rules.add(rule);
      return rule;
    }
  }

  /**
   * A rule for catalog commits, being described: choose the table and calls, then finish with an
   * action. Not thread-safe until registered.
   *
   * <pre>{@code
   * faults.onCommit().table("db.events").times(2).conflict();
   * }</pre>
   */
  public final class CommitRule extends Selection<CommitRule> {
    private String table;

    private CommitRule() {}

    @Override
    CommitRule self() {
      return this;
    }

    /**
     * Applies to one table's commits only.
     *
     * @param name the table's full name, such as {@code db.events}
     * @return this rule
     */
    public CommitRule table(String name) {
      checkUnused();
      this.table = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Makes the chosen commits lose to a (pretend) concurrent commit: nothing is applied and
     * Iceberg retries as for a real conflict.
     *
     * @return the registered fault
     */
    public Fault conflict() {
      return register(Action.CONFLICT, null, Duration.ZERO, "conflict");
    }

    /**
     * Makes the chosen commits end with an unknown outcome without applying them, as when the
     * catalog connection fails before the request arrives.
     *
     * @return the registered fault
     */
    public Fault stateUnknown() {
      return register(Action.UNKNOWN, null, Duration.ZERO, "state unknown (not applied)");
    }

    /**
     * Applies the chosen commits, then reports their outcome as unknown, as when the connection
     * fails while the response is on its way.
     *
     * @return the registered fault
     */
    public Fault stateUnknownAfterApply() {
      return register(Action.UNKNOWN_AFTER_APPLY, null, Duration.ZERO, "state unknown (applied)");
    }

    /**
     * Applies the chosen commits, then fails them as Iceberg's JDBC catalog does when the
     * connection breaks after the row was updated: an {@code UncheckedSQLException} over an SQL
     * state 08006 error, which says nothing of the outcome. Floe must find the commit in the table
     * and succeed. {@link FaultyJdbc} injects the same fault into a real JDBC connection.
     *
     * @return the registered fault
     */
    public Fault connectionFailureAfterApply() {
      return register(
          Action.DISCONNECT_AFTER_APPLY, null, Duration.ZERO, "connection failed (applied)");
    }

    /**
     * Applies the chosen commits, then fails them as a JDBC catalog does when the acknowledgement
     * was lost and its client pool ran the update again: with a {@code CommitFailedException} (the
     * retry found the row changed), although the commit landed. Floe must not take it for a lost
     * compare-and-swap (deleting the metadata file that is now the table's current one).
     *
     * @return the registered fault
     */
    public Fault lostAckAfterApply() {
      return register(
          Action.LOST_ACK_AFTER_APPLY, null, Duration.ZERO, "retried after a lost ack (applied)");
    }

    @Override
    Fault register(
        Action action, Supplier<? extends RuntimeException> error, Duration delay, String text) {
      checkUnused();
      used = true;
      Rule rule =
          new Rule(
              this,
              action,
              error,
              delay,
              "COMMIT " + (table == null ? "*" : table) + selectionText() + ": " + text) {
            @Override
            boolean applies(Object op, String target) {
              return op == COMMIT && (table == null || table.equals(target));
            }
          };
      rules.add(rule);
      return rule;
    }
  }

  static final Object COMMIT = "COMMIT";

  abstract class Rule implements Fault {
    final Action action;
    final Supplier<? extends RuntimeException> error;
    final Duration delay;
    final String text;
    private final Runnable hook;
    private final long nth;
    private final long times;
    private final double probability;
    private final Random random;
    private long matched;
    private long chosen;
    private final AtomicLong hits = new AtomicLong();

    Rule(
        Selection<?> selection,
        Action action,
        Supplier<? extends RuntimeException> error,
        Duration delay,
        String text) {
      this.action = action;
      this.error = error;
      this.delay = delay;
      this.text = text;
      this.nth = selection.nth;
      this.times = selection.times;
      this.probability = selection.probability;
      this.random = selection.random;
      this.hook = selection.hook;
    }

    abstract boolean applies(Object op, String target);

    synchronized boolean choose() {
      matched++;
      if (nth > 0 && matched != nth) {
        return false;
      }
      if (chosen >= times) {
        return false;
      }
      if (random != null && random.nextDouble() >= probability) {
        return false;
      }
      chosen++;
      return true;
    }

    @Override
    public long hits() {
      return hits.get();
    }

    @Override
    public synchronized long matches() {
      return matched;
    }

    @Override
    public void remove() {
      rules.remove(this);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  // ---- hooks called by the fault-injecting FileIO and catalog ----

  /**
   * Finds the rule that hits this call, if any, and records the call. Delays are served here.
   *
   * @return the rule whose action the caller must carry out (FAIL, CORRUPT, TEAR or TEAR_FAIL), or
   *     null
   */
  Rule onFileCall(FileOperation op, String location) {
    fileCalls.incrementAndGet();
    Recording r = recording;
    if (r != null) {
      r.add(op, location);
    }
    return decide(op, op.name(), location);
  }

  Rule onCommitCall(String table) {
    commitAttempts.incrementAndGet();
    attemptsOfThread.get()[0]++;
    return decide(COMMIT, "COMMIT", table);
  }

  void countCommit() {
    long[] attempts = attemptsOfThread.get();
    commits.incrementAndGet();
    maxAttempts.accumulateAndGet(attempts[0], Math::max);
    attempts[0] = 0;
  }

  void countConflict() {
    commitConflicts.incrementAndGet();
  }

  private Rule decide(Object op, String opName, String target) {
    if (rules.isEmpty()) {
      return null;
    }
    Rule hit = null;
    for (Rule rule : rules) {
      if (rule.applies(op, target) && rule.choose()) {
        rule.hits.incrementAndGet();
        injected.add(new InjectedFault(rule.text, opName, target));
        if (rule.action == Action.DELAY) {
          sleep(rule.delay);
        } else if (rule.action == Action.RUN) {
          rule.hook.run();
        } else if (hit == null) {
          hit = rule;
        }
      }
    }
    return hit;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis(), (int) (delay.toNanosPart() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static IOException ioError(Rule rule, FileOperation op, String location) {
    return new IOException(
        "Injected fault: " + op + " of " + location + " failed (rule: " + rule.text + ")");
  }

  static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          regex.append(".*");
          i++;
        } else {
          regex.append("[^/]*");
        }
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
