using Microsoft.Data.Sqlite;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// Group commit for the SQLite file (docs/decisions/0020-sqlite-group-commit.md). The application's connections run at
/// <c>synchronous=NORMAL</c>: a commit writes its frames to the write-ahead log and returns without waiting for the
/// disk. Before the commit is acknowledged, its writer has given up the write turn and waits here for an fsync of the
/// log that began after its commit. One fsync makes durable every commit written before it began, so the writers
/// queued behind the single write turn share fsyncs instead of each holding the turn through its own.
/// <para>
/// The guarantee is <c>synchronous=FULL</c>'s: a commit is on disk before anyone is told it succeeded, so it survives a
/// killed process and a power cut. What differs: another request can read a commit up to one fsync before its writer is
/// answered; a power cut in that moment loses the commit, which its writer was never told of.
/// </para>
/// </summary>
public sealed class SqliteGroupCommit
{
    private readonly Action? _flushLog;
    private readonly object _lock = new();
    private TaskCompletionSource? _waitingForNextFlush;
    private bool _flushing;

    private SqliteGroupCommit(Action? flushLog) => _flushLog = flushLog;

    /// <summary>
    /// Whether commits wait here. Only for a database file whose log can be found; otherwise (PostgreSQL, an in-memory or
    /// URI-named SQLite database) connections keep the driver's <c>synchronous=FULL</c> and commits do not wait.
    /// </summary>
    public bool IsActive => _flushLog is not null;

    /// <summary>Group commit off: <see cref="DurableAsync"/> returns at once.</summary>
    public static SqliteGroupCommit None { get; } = new(null);

    /// <summary>Group commit for the file of a SQLite connection string, when it names a plain file path.</summary>
    public static SqliteGroupCommit For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrWhiteSpace(dataSource) || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        // SQLite resolves a relative path against the working directory, as this does.
        var log = Path.GetFullPath(dataSource) + "-wal";
        return new SqliteGroupCommit(() => FlushToDisk(log));
    }

    /// <summary>For tests: group commit with another flush of the log.</summary>
    internal static SqliteGroupCommit WithFlush(Action flushLog) => new(flushLog);

    /// <summary>
    /// Completes once an fsync of the log that began after this call has finished, so call it after the commit has
    /// returned and after giving up the write turn. Faults if that fsync failed: the commit was then written, but
    /// whether it is on disk is unknown.
    /// </summary>
    public Task DurableAsync()
    {
        if (_flushLog is null)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            // Everyone who arrives before the next flush begins joins it; a flush that is running already may have begun
            // before this caller's commit, so it does not count.
            _waitingForNextFlush ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var durable = _waitingForNextFlush.Task;
            if (!_flushing)
            {
                _flushing = true;
                ThreadPool.UnsafeQueueUserWorkItem(static self => self.FlushWhileWaitedFor(), this, preferLocal: false);
            }

            return durable;
        }
    }

    private void FlushWhileWaitedFor()
    {
        while (true)
        {
            TaskCompletionSource group;
            lock (_lock)
            {
                if (_waitingForNextFlush is null)
                {
                    _flushing = false;
                    return;
                }

                group = _waitingForNextFlush;
                _waitingForNextFlush = null;
            }

            try
            {
                _flushLog!();
                group.SetResult();
            }
            catch (Exception exception)
            {
                group.SetException(exception);
            }
        }
    }

    /// <summary>
    /// fsync of the write-ahead log. fsync flushes the file, not the descriptor, so a handle of our own flushes what
    /// SQLite's connections wrote. SQLite takes no locks on the log (they are on the database and its -shm file), so
    /// opening and closing it here cannot release any. The log is opened for each flush, so a log SQLite deleted and
    /// created again is never missed. No log at all means the last connection checkpointed it into the database file,
    /// which SQLite synced before deleting the log.
    /// </summary>
    private static void FlushToDisk(string log)
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(log, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return;
        }

        using (handle)
        {
            RandomAccess.FlushToDisk(handle);
        }
    }
}
