using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ClinicOps.Infrastructure.Persistence;

/// <summary>
/// A SQLite connection that stays open across requests and keeps the statements EF Core runs on it prepared
/// (docs/decisions/0019-sqlite-statement-cache.md). Microsoft.Data.Sqlite keeps a statement prepared only for the life of
/// one command object, and EF Core creates a new command for every execution, so each query was compiled again by
/// SQLite on every request: about 11% of a session-status read's CPU, twice what SQLite spent running the statements.
/// <para>
/// The commands EF Core creates here (<see cref="CreateDbCommand"/>) carry their text and parameters only; when they run,
/// they bind them to this connection's prepared command for that text. A connection is used by one request at a time
/// (<see cref="SqliteConnectionLeases"/>), so the cache needs no locking.
/// </para>
/// </summary>
internal sealed class StatementCachingSqliteConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>
    /// Prepared commands kept per connection: one per statement text, a second only for a nested run of the same text.
    /// EF Core's SQL for a query is stable (parameters, one array parameter for the site filter), so the hot paths fit
    /// many times over; past it the cache starts again empty.
    /// </summary>
    internal const int Capacity = 160;

    private readonly Dictionary<string, List<PreparedCommand>> _prepared = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Commands prepared on this connection since it opened (a statement compiled, not found in the cache).</summary>
    internal long Prepares { get; private set; }

    /// <summary>Executions served by a command prepared before.</summary>
    internal long Reuses { get; private set; }

    /// <summary>True when no command of the cache has a reader open (one left open would hold a read snapshot).</summary>
    internal bool AllReadersClosed
    {
        get
        {
            foreach (var commands in _prepared.Values)
            {
                foreach (var command in commands)
                {
                    if (!command.IsIdle)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    /// <inheritdoc />
    protected override DbCommand CreateDbCommand() => new CachedStatementCommand(this);

    /// <summary>
    /// The prepared command for <paramref name="commandText"/> that has no reader open, creating it if there is none. A
    /// query run while another of the same text is still being read (nested) gets a second command.
    /// </summary>
    internal SqliteCommand Rent(string commandText)
    {
        if (_prepared.TryGetValue(commandText, out var commands))
        {
            foreach (var command in commands)
            {
                if (command.IsIdle)
                {
                    Reuses++;
                    return command;
                }
            }
        }
        else
        {
            if (_count >= Capacity)
            {
                Clear();
            }

            commands = [];
            _prepared.Add(commandText, commands);
        }

        // The command registers itself with this connection, which disposes it (finalizing its statements) on close.
        var created = new PreparedCommand { Connection = this, CommandText = commandText };
        commands.Add(created);
        _count++;
        Prepares++;
        return created;
    }

    private void Clear()
    {
        // A command still being read (a nested query's outer one) stays until its reader closes; the rest are finalized.
        var reading = new List<(string Text, PreparedCommand Command)>();
        foreach (var (text, commands) in _prepared)
        {
            foreach (var command in commands)
            {
                if (command.IsIdle)
                {
                    command.Dispose();
                }
                else
                {
                    reading.Add((text, command));
                }
            }
        }

        _prepared.Clear();
        _count = 0;
        foreach (var (text, command) in reading)
        {
            if (!_prepared.TryGetValue(text, out var commands))
            {
                _prepared.Add(text, commands = []);
            }

            commands.Add(command);
            _count++;
        }
    }

    /// <inheritdoc />
    public override void Close()
    {
        _prepared.Clear();
        _count = 0;
        base.Close();
    }

    /// <summary>A command of the cache; it knows whether a reader of it is open (<c>DataReader</c> is protected).</summary>
    private sealed class PreparedCommand : SqliteCommand
    {
        public bool IsIdle => DataReader is null;
    }
}

/// <summary>
/// The command EF Core builds on a <see cref="StatementCachingSqliteConnection"/>: its text, transaction, timeout and
/// parameters, bound when it runs to the connection's prepared command for the text (queries only; other statements run
/// on a command of their own, disposed with this one). Disposing it disposes nothing the connection keeps; the reader
/// it returns belongs to the prepared command and releases it when closed.
/// </summary>
internal sealed class CachedStatementCommand(StatementCachingSqliteConnection connection) : DbCommand
{
    private readonly ParameterCollection _parameters = new();
    private string _commandText = string.Empty;
    private int? _commandTimeout;
    private SqliteCommand? _transient;

    /// <inheritdoc />
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string CommandText
    {
        get => _commandText;
        set => _commandText = value ?? string.Empty;
    }

    /// <inheritdoc />
    public override int CommandTimeout
    {
        get => _commandTimeout ?? connection.DefaultTimeout;
        set => _commandTimeout = value;
    }

    /// <inheritdoc />
    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new ArgumentException($"SQLite runs only CommandType.Text, not {value}.", nameof(value));
            }
        }
    }

    /// <inheritdoc />
    public override bool DesignTimeVisible { get; set; }

    /// <inheritdoc />
    public override UpdateRowSource UpdatedRowSource { get; set; }

    /// <inheritdoc />
    protected override DbConnection? DbConnection
    {
        get => connection;
        set
        {
            if (!ReferenceEquals(value, connection))
            {
                throw new NotSupportedException("A command of a statement-caching connection runs on that connection only.");
            }
        }
    }

    /// <inheritdoc />
    protected override DbParameterCollection DbParameterCollection => _parameters;

    /// <inheritdoc />
    protected override DbTransaction? DbTransaction { get; set; }

    /// <inheritdoc />
    public override void Cancel()
    {
        // SQLite statements run synchronously on the caller's thread; like Microsoft.Data.Sqlite, nothing to cancel.
    }

    /// <inheritdoc />
    public override void Prepare()
    {
        // Prepared on first execution and kept by the connection.
    }

    /// <inheritdoc />
    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    /// <inheritdoc />
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Bind().ExecuteReader(behavior);

    /// <inheritdoc />
    public override int ExecuteNonQuery() => Bind().ExecuteNonQuery();

    /// <inheritdoc />
    public override object? ExecuteScalar() => Bind().ExecuteScalar();

    // Microsoft.Data.Sqlite runs its async methods synchronously; these keep that, without DbCommand's default
    // registration of Cancel on the token for each call.

    /// <inheritdoc />
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<DbDataReader>(Bind().ExecuteReader(behavior));
    }

    /// <inheritdoc />
    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Bind().ExecuteNonQuery());
    }

    /// <inheritdoc />
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Bind().ExecuteScalar());
    }

    private SqliteCommand Bind()
    {
        SqliteCommand prepared;
        if (DeferredWriteGuard.IsQuery(_commandText))
        {
            prepared = connection.Rent(_commandText);
        }
        else
        {
            // EF Core's update batches vary with what each SaveChanges holds (which tables, how many rows), so their
            // texts rarely repeat: they get a command of this command's own, as without the cache, which keeps its
            // statement prepared while this command runs the same text again (the audit writer's per-row INSERT).
            if (_transient is null || !string.Equals(_transient.CommandText, _commandText, StringComparison.Ordinal))
            {
                _transient?.Dispose();
                _transient = connection.CreateCommand();
                _transient.CommandText = _commandText;
            }

            prepared = _transient;
        }

        prepared.Transaction = (SqliteTransaction?)DbTransaction;
        prepared.CommandTimeout = CommandTimeout;
        var parameters = prepared.Parameters;
        parameters.Clear();
        foreach (SqliteParameter parameter in _parameters)
        {
            parameters.Add(parameter);
        }

        return prepared;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transient?.Dispose();
            _transient = null;
        }

        base.Dispose(disposing);
    }

    /// <summary>Microsoft.Data.Sqlite's parameter collection, whose constructor is for derived types.</summary>
    private sealed class ParameterCollection : SqliteParameterCollection;
}
