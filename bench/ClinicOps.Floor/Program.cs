// The load benchmark's bare floor: Kestrel plus one raw ADO.NET statement per request, on the same database and
// durability guarantee as the product (SQLite: WAL, "Default Timeout=30" like src/ClinicOps.Infrastructure, one writer
// at a time through a gate, and every commit fsynced before its answer by the driver's synchronous=FULL, where the
// product reaches the same guarantee by group commit, docs/decisions/0020-sqlite-group-commit.md; PostgreSQL: Npgsql's
// pool against the same server as the product). No auth, no validation, no audit: what the database itself costs
// behind HTTP.
//
// Configuration (environment or command line): Floor__Provider=Sqlite|Postgres, Floor__ConnectionString=...,
// ASPNETCORE_URLS=http://127.0.0.1:PORT.
//   POST /rows          inserts the request body as one row, answers 201 with the new id
//   GET  /rows/{id}     reads one row by id (404 when absent)
//   GET  /ids           ids of rows seeded at startup, one per line (for the GET load script)
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var provider = builder.Configuration["Floor:Provider"] ?? "Sqlite";
var connectionString = builder.Configuration["Floor:ConnectionString"]
    ?? throw new InvalidOperationException("Floor:ConnectionString is required.");
var isSqlite = string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase);

DbDataSource dataSource = isSqlite
    ? SqliteFactory.Instance.CreateDataSource(connectionString)
    : NpgsqlDataSource.Create(connectionString);
// SQLite takes one writer at a time; the gate queues writers in-process instead of in busy-timeout retries.
using var writerGate = new SemaphoreSlim(1, 1);

await using (var connection = await dataSource.OpenConnectionAsync())
{
    if (isSqlite)
    {
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;");
        // Reported so the run records the effective durability: 2 = FULL (fsync on every commit), 1 = NORMAL.
        Console.WriteLine($"floor: sqlite journal_mode={await ScalarAsync(connection, "PRAGMA journal_mode;")} "
            + $"synchronous={await ScalarAsync(connection, "PRAGMA synchronous;")}");
    }
    else
    {
        Console.WriteLine($"floor: postgres fsync={await ScalarAsync(connection, "SHOW fsync;")} "
            + $"synchronous_commit={await ScalarAsync(connection, "SHOW synchronous_commit;")} "
            + $"full_page_writes={await ScalarAsync(connection, "SHOW full_page_writes;")}");
    }

    await ExecuteAsync(connection, isSqlite
        ? "CREATE TABLE IF NOT EXISTS floor_rows (id TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL);"
        : "CREATE TABLE IF NOT EXISTS floor_rows (id uuid NOT NULL PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL);");
}

var seededIds = new List<Guid>();
for (var i = 0; i < 1000; i++)
{
    var id = Guid.NewGuid();
    await InsertAsync(id, $$"""{"seed":{{i}}}""");
    seededIds.Add(id);
}

var app = builder.Build();

app.MapPost("/rows", async (HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync();
    var id = Guid.NewGuid();
    await InsertAsync(id, body);
    return Results.Created($"/rows/{id}", new Row(id));
});

app.MapGet("/rows/{id:guid}", async (Guid id) =>
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var command = connection.CreateCommand();
    command.CommandText = "SELECT id, body, created_at FROM floor_rows WHERE id = @id";
    command.Parameters.Add(Parameter(command, "@id", isSqlite ? id.ToString() : id));
    await using var reader = await command.ExecuteReaderAsync();
    if (!await reader.ReadAsync())
    {
        return Results.NotFound();
    }

    return Results.Ok(new StoredRow(id, reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
});

app.MapGet("/ids", () => string.Join('\n', seededIds));

await app.RunAsync();
await dataSource.DisposeAsync();

async Task InsertAsync(Guid id, string body)
{
    var gated = isSqlite;
    if (gated)
    {
        await writerGate.WaitAsync();
    }

    try
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO floor_rows (id, body, created_at) VALUES (@id, @body, @created)";
        command.Parameters.Add(Parameter(command, "@id", isSqlite ? id.ToString() : id));
        command.Parameters.Add(Parameter(command, "@body", body));
        command.Parameters.Add(Parameter(command, "@created", DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync();
    }
    finally
    {
        if (gated)
        {
            writerGate.Release();
        }
    }
}

static DbParameter Parameter(DbCommand command, string name, object value)
{
    var parameter = command.CreateParameter();
    parameter.ParameterName = name;
    parameter.Value = value;
    return parameter;
}

static async Task<string?> ScalarAsync(DbConnection connection, string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
}

static async Task ExecuteAsync(DbConnection connection, string sql)
{
    await using var command = connection.CreateCommand();
    command.CommandText = sql;
    await command.ExecuteNonQueryAsync();
}

internal sealed record Row(Guid Id);

internal sealed record StoredRow(Guid Id, string Body, DateTimeOffset CreatedAt);
