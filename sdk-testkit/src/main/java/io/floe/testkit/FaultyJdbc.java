package io.floe.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Injects catalog commit faults at the real JDBC boundary: a JDBC URL that wraps another ({@code
 * jdbc:sqlite:...}, {@code jdbc:postgresql:...}) and whose connections fail the catalog's commit
 * statement (Iceberg's {@code UPDATE iceberg_tables SET metadata_location ...}) the way a network
 * or a database can: after the row was updated. Use {@link #url()} as the catalog's {@code uri};
 * Iceberg's JDBC catalog, its client pool (which retries on SQL states 08000, 08003 and 08006) and
 * Floe run unchanged. Thread-safe.
 *
 * <pre>{@code
 * FaultyJdbc jdbc = FaultyJdbc.wrap("jdbc:sqlite:" + dir.resolve("catalog.db"));
 * Floe floe = Floe.open("faulty", Map.of("type", "jdbc", "uri", jdbc.url(), "warehouse", dir.toString()));
 * jdbc.failNextCommit(FaultyJdbc.Fault.LOST_ACK);
 * table.newAppend().rows(rows).commit();   // lands: the retry's "0 rows" is not taken for a conflict
 * }</pre>
 */
public final class FaultyJdbc {
  /** The URL prefix this driver answers. */
  public static final String PREFIX = "jdbc:floe-faulty:";

  private static final Map<String, FaultyJdbc> BY_ID = new ConcurrentHashMap<>();

  static {
    try {
      DriverManager.registerDriver(new FaultDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** How the next commit statement fails. */
  public enum Fault {
    /**
     * The update applies, then the connection breaks (SQL state 08006) and stays broken for the
     * client pool's one retry: the catalog reports a connection failure for a commit that landed.
     */
    APPLY_THEN_DISCONNECT,
    /**
     * The update applies, then its acknowledgement is lost (SQL state 08006); the client pool
     * reconnects and runs the update again, which finds the row changed and updates nothing: the
     * catalog reports a lost compare-and-swap ({@code CommitFailedException}) for a commit that
     * landed.
     */
    LOST_ACK,
    /**
     * The update applies, then the driver fails with an SQL state the client pool does not retry
     * ({@code XX000}, an internal error): an unknown failure for a commit that landed.
     */
    APPLY_THEN_UNKNOWN_STATE,
    /**
     * The connection breaks before the update is sent (SQL state 08006), also for the retry: the
     * commit did not land, but the catalog cannot tell.
     */
    DISCONNECT_BEFORE_APPLY
  }

  private final String id = UUID.randomUUID().toString();
  private final String target;
  private final AtomicReference<Fault> next = new AtomicReference<>();
  private final AtomicLong brokenStatements = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();

  private FaultyJdbc(String target) {
    this.target = target;
  }

  /**
   * Wraps a JDBC URL.
   *
   * @param jdbcUrl the real database's URL, such as {@code jdbc:postgresql://127.0.0.1:5432/db}
   * @return the fault injector; its {@link #url()} goes to the catalog
   * @throws IllegalArgumentException when the URL does not start with {@code jdbc:}
   */
  public static FaultyJdbc wrap(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("Not a JDBC URL: " + jdbcUrl);
    }
    FaultyJdbc jdbc = new FaultyJdbc(jdbcUrl);
    BY_ID.put(jdbc.id, jdbc);
    return jdbc;
  }

  /**
   * The URL to give the catalog as its {@code uri}.
   *
   * @return {@value #PREFIX}, an id, and the wrapped URL
   */
  public String url() {
    return PREFIX + id + ":" + target;
  }

  /**
   * Makes the next commit statement (of any table of the catalog) fail as described.
   *
   * @param fault the fault
   */
  public void failNextCommit(Fault fault) {
    next.set(Objects.requireNonNull(fault, "fault"));
  }

  /**
   * How many faults were injected so far.
   *
   * @return the count
   */
  public long injected() {
    return injected.get();
  }

  private static SQLException connectionLost(String what) {
    return new SQLException("Injected: connection reset " + what + " (FaultyJdbc)", "08006");
  }

  /** Runs a commit statement, applying the armed fault. */
  private int executeCommit(PreparedStatement statement) throws SQLException {
    if (brokenStatements.get() > 0) {
      brokenStatements.decrementAndGet();
      throw connectionLost("before the update was sent");
    }
    Fault fault = next.getAndSet(null);
    if (fault == null) {
      return statement.executeUpdate();
    }
    injected.incrementAndGet();
    switch (fault) {
      case DISCONNECT_BEFORE_APPLY -> {
        brokenStatements.set(1); // the pool's retry fails too
        throw connectionLost("before the update was sent");
      }
      case APPLY_THEN_DISCONNECT -> {
        statement.executeUpdate();
        brokenStatements.set(1);
        throw connectionLost("after the update was applied");
      }
      case LOST_ACK -> {
        statement.executeUpdate();
        throw connectionLost("after the update was applied; its acknowledgement was lost");
      }
      default -> {
        statement.executeUpdate();
        throw new SQLException(
            "Injected: internal error after the update was applied (FaultyJdbc)", "XX000");
      }
    }
  }

  private static boolean isCommit(String sql) {
    String s = sql.trim().toUpperCase(Locale.ROOT);
    return s.startsWith("UPDATE ICEBERG_TABLES SET METADATA_LOCATION");
  }

  private Connection connection(Connection real) {
    return proxy(
        Connection.class,
        real,
        (method, args) -> {
          Object result = method.invoke(real, args);
          if (method.getName().equals("prepareStatement")
              && args != null
              && args[0] instanceof String sql
              && isCommit(sql)) {
            PreparedStatement statement = (PreparedStatement) result;
            return proxy(
                PreparedStatement.class,
                statement,
                (m, a) ->
                    m.getName().equals("executeUpdate") && (a == null || a.length == 0)
                        ? executeCommit(statement)
                        : m.invoke(statement, a));
          }
          return result;
        });
  }

  private interface Call {
    Object call(Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Object target, Call call) {
    InvocationHandler handler =
        (p, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "equals" -> p == args[0];
              case "hashCode" -> System.identityHashCode(p);
              default -> "FaultyJdbc(" + target + ")";
            };
          }
          try {
            return call.call(method, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(
        Proxy.newProxyInstance(FaultyJdbc.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** The driver behind {@value #PREFIX}. */
  private static final class FaultDriver implements Driver {
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      if (!acceptsURL(url)) {
        return null;
      }
      String rest = url.substring(PREFIX.length());
      int colon = rest.indexOf(':');
      FaultyJdbc jdbc = colon < 0 ? null : BY_ID.get(rest.substring(0, colon));
      if (jdbc == null) {
        throw new SQLException(
            "Unknown FaultyJdbc URL (wrap it with FaultyJdbc.wrap first): " + url, "08001");
      }
      return jdbc.connection(DriverManager.getConnection(rest.substring(colon + 1), info));
    }

    @Override
    public boolean acceptsURL(String url) {
      return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }
}
