using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Patients;

public sealed class PatientNameSearchTestsOnSqlite(SqliteApiFixture fixture) : PatientNameSearchTests(fixture), IClassFixture<SqliteApiFixture>;

public sealed class PatientNameSearchTestsOnPostgres(PostgresApiFixture fixture) : PatientNameSearchTests(fixture), IClassFixture<PostgresApiFixture>;

/// <summary>
/// PostgreSQL on a database whose default collation is linguistic (ICU Danish), as production databases usually are
/// (en_US.UTF-8; no such OS locale exists on the test machines, ICU does). In Danish order "aa" sorts after "z", so a
/// prefix range in the database's collation would miss "Aagaard" for "aa"; the keys' "C" collation must decide instead.
/// </summary>
public sealed class PatientNameSearchTestsOnPostgresWithLinguisticCollation(PostgresLinguisticApiFixture fixture)
    : PatientNameSearchTests(fixture), IClassFixture<PostgresLinguisticApiFixture>;

/// <summary>A fresh database created with ICU's Danish collation as its default.</summary>
public sealed class PostgresLinguisticApiFixture(PostgresServer server) : PostgresApiFixture(server)
{
    private readonly PostgresServer _server = server;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var name = $"clinicops_da_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(_server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'da-DK' LOCALE 'C.UTF-8'", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_server.AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
    }
}

/// <summary>
/// Name search is FHIR string search (https://hl7.org/fhir/search.html#string): the given or family name starts with
/// the term, compared without case and accents (docs/decisions/0017-patient-name-search.md).
/// </summary>
public abstract class PatientNameSearchTests(ApiFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Fact]
    public async Task A_term_matches_the_start_of_the_given_or_the_family_name_and_never_the_middle()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await RegisterAsync(desk, site, "Avery", "García");
        await RegisterAsync(desk, site, "Garcia", "Okafor");
        await RegisterAsync(desk, site, "Lucía", "Smith");

        Assert.Equal(["Avery García", "Garcia Okafor"], await SearchAsync(desk, site, "gar"));
        Assert.Equal(["Lucía Smith"], await SearchAsync(desk, site, "luc"));
        Assert.Equal(["Avery García", "Garcia Okafor"], await SearchAsync(desk, site, "garcía"));
        Assert.Empty(await SearchAsync(desk, site, "ía"));
        Assert.Empty(await SearchAsync(desk, site, "cia"));
        Assert.Empty(await SearchAsync(desk, site, "mith"));
        Assert.Empty(await SearchAsync(desk, site, "garcias"));
    }

    [Fact]
    public async Task Case_and_accents_are_ignored_on_both_sides()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await RegisterAsync(desk, site, "José", "Müller");
        await RegisterAsync(desk, site, "Jose", "Straße");
        await RegisterAsync(desk, site, "Zoë", "O'Brien");

        Assert.Equal(["Jose Straße", "José Müller"], await SearchAsync(desk, site, "JOSE"));
        Assert.Equal(["Jose Straße", "José Müller"], await SearchAsync(desk, site, "josé"));
        Assert.Equal(["José Müller"], await SearchAsync(desk, site, "mull"));
        Assert.Equal(["José Müller"], await SearchAsync(desk, site, "MÜ"));
        Assert.Equal(["Jose Straße"], await SearchAsync(desk, site, "strass"));
        Assert.Equal(["Zoë O'Brien"], await SearchAsync(desk, site, "obri"));
        Assert.Equal(["Zoë O'Brien"], await SearchAsync(desk, site, "o'b"));
        Assert.Equal(["Zoë O'Brien"], await SearchAsync(desk, site, "zoe"));
    }

    [Fact]
    public async Task Names_are_matched_by_code_point_not_by_the_databases_linguistic_order()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await RegisterAsync(desk, site, "Mette", "Aagaard");
        await RegisterAsync(desk, site, "Anna", "Abbott");
        await RegisterAsync(desk, site, "Lars", "Zahle");

        Assert.Equal(["Mette Aagaard"], await SearchAsync(desk, site, "aa"));
        Assert.Equal(["Anna Abbott"], await SearchAsync(desk, site, "ab"));
        Assert.Equal(["Lars Zahle"], await SearchAsync(desk, site, "z"));
    }

    [Fact]
    public async Task Search_sees_only_the_callers_sites()
    {
        var siteA = await Api.CreateSiteAsync();
        var siteB = await Api.CreateSiteAsync();
        using var deskA = Api.ClientFor(Role.FrontDesk, siteA);
        using var deskB = Api.ClientFor(Role.FrontDesk, siteB);
        using var deskBoth = Api.ClientFor(Role.FrontDesk, siteA, siteB);
        var family = $"Scope{Guid.NewGuid():N}"[..12];
        await RegisterAsync(deskA, siteA, "Avery", family);
        await RegisterAsync(deskB, siteB, "Blake", family);

        Assert.Equal([$"Avery {family}"], await SearchAsync(deskA, siteId: null, family));
        Assert.Equal([$"Blake {family}"], await SearchAsync(deskB, siteId: null, family));
        Assert.Equal([$"Avery {family}", $"Blake {family}"], await SearchAsync(deskBoth, siteId: null, family));
        Assert.Equal([$"Blake {family}"], await SearchAsync(deskBoth, siteB, family));
    }

    [Fact]
    public async Task Pages_and_the_total_count_only_the_matches_and_a_patient_matching_twice_once()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await RegisterAsync(desk, site, "Okafor", "Okafor");
        foreach (var given in new[] { "Ada", "Bea", "Cal", "Dee", "Eve", "Fay" })
        {
            await RegisterAsync(desk, site, given, "Okafor");
        }

        await RegisterAsync(desk, site, "Oscar", "Nwosu");
        await RegisterAsync(desk, site, "Kofi", "Mensah");

        var pages = new List<JsonObject>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await (await desk.GetAsync($"/api/v1/patients?siteId={site}&name=oka&page={page}&pageSize=3")).ReadObjectAsync());
        }

        Assert.All(pages, p => Assert.Equal(7, p["totalCount"]!.GetValue<int>()));
        var listed = pages.SelectMany(Names).ToList();
        Assert.Equal(
            ["Ada Okafor", "Bea Okafor", "Cal Okafor", "Dee Okafor", "Eve Okafor", "Fay Okafor", "Okafor Okafor"],
            listed);
        var oPrefix = await (await desk.GetAsync($"/api/v1/patients?siteId={site}&name=o&pageSize=100")).ReadObjectAsync();
        Assert.Equal(8, oPrefix["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Renaming_a_patient_moves_it_to_its_new_name_in_search()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        var (id, etag) = await RegisterAsync(desk, site, "Avery", "Quinnell");
        var update = PatientUpdate("Ríos");
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/patients/{id}") { Content = Json(update.ToJsonString()) };
        request.Headers.IfMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Parse(etag));
        Assert.Equal(HttpStatusCode.OK, (await desk.SendAsync(request)).StatusCode);

        Assert.Empty(await SearchAsync(desk, site, "quinn"));
        Assert.Equal(["Avery Ríos"], await SearchAsync(desk, site, "rio"));
    }

    [Theory]
    [InlineData("'-.")]
    [InlineData("%CC%81")] // a combining acute accent alone
    [InlineData("%E2%80%94%20%2A")]
    public async Task A_term_with_nothing_searchable_gets_400_naming_the_name(string name)
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);

        var response = await desk.GetAsync($"/api/v1/patients?siteId={site}&name={name}");

        Assert.Contains("name", await response.ShouldBeValidationProblemAsync());
    }

    [Fact]
    public async Task Every_patient_a_search_lists_is_audited_as_read()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        using var admin = Api.ClientFor(Role.ClinicAdmin, site);
        var (listed, _) = await RegisterAsync(desk, site, "Avery", "Auditson");
        var (notListed, _) = await RegisterAsync(desk, site, "Avery", "Other");

        Assert.Equal(["Avery Auditson"], await SearchAsync(desk, site, "audits"));

        Assert.Equal(1, await ReadsOfAsync(admin, listed));
        Assert.Equal(0, await ReadsOfAsync(admin, notListed));
    }

    [Fact]
    public async Task The_search_is_served_by_the_name_key_indexes()
    {
        var site = await Api.CreateSiteAsync();
        using var desk = Api.ClientFor(Role.FrontDesk, site);
        await RegisterAsync(desk, site, "Avery", "Planner");
        if (Api.Provider == DatabaseProvider.Postgres)
        {
            await AddOtherPatientsAsync(site, 3000);
        }

        var before = SearchCommandLog.On(fixture.ConnectionString).Count;
        Assert.Equal(["Avery Planner"], await SearchAsync(desk, siteId: null, "plan"));

        var commands = SearchCommandLog.On(fixture.ConnectionString).Skip(before).ToList();
        Assert.Equal(2, commands.Count); // the count and the page
        foreach (var command in commands)
        {
            var plan = await ExplainAsync(command);
            if (Api.Provider == DatabaseProvider.Sqlite)
            {
                Assert.Contains("USING INDEX IX_Patients_SiteId_GivenNameKey (SiteId=? AND GivenNameKey>? AND GivenNameKey<?)", plan);
                Assert.Contains("USING INDEX IX_Patients_SiteId_FamilyNameKey (SiteId=? AND FamilyNameKey>? AND FamilyNameKey<?)", plan);
                Assert.DoesNotContain("SCAN p", plan.Replace("SCAN p0", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }
            else
            {
                Assert.Matches("""Index Cond: .*"GivenNameKey"\)::text >= """, plan);
                Assert.Matches("""Index Cond: .*"FamilyNameKey"\)::text >= """, plan);
                Assert.Contains("IX_Patients_SiteId_GivenNameKey", plan);
                Assert.Contains("IX_Patients_SiteId_FamilyNameKey", plan);
                Assert.DoesNotContain("Seq Scan", plan);
            }
        }
    }

    private static async Task<(Guid Id, string ETag)> RegisterAsync(HttpClient desk, Guid site, string given, string family)
    {
        var patient = ValidPatient(site, familyName: family);
        patient["givenName"] = given;
        return await desk.RegisterPatientAsync(patient);
    }

    private static async Task<string[]> SearchAsync(HttpClient client, Guid? siteId, string name)
    {
        var site = siteId is { } id ? $"siteId={id}&" : string.Empty;
        var response = await client.GetAsync($"/api/v1/patients?{site}name={Uri.EscapeDataString(name)}&pageSize=100");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.ReadObjectAsync();
        var names = Names(page);
        Assert.Equal(names.Length, page["totalCount"]!.GetValue<int>());
        return names;
    }

    // The API orders by family name, given name, id; sorted here by the full name so the expectations read simply.
    private static string[] Names(JsonObject page) =>
        [.. page["items"]!.AsArray()
            .Select(p => $"{p!["givenName"]!.GetValue<string>()} {p["familyName"]!.GetValue<string>()}")
            .Order(StringComparer.Ordinal)];

    private static async Task<int> ReadsOfAsync(HttpClient admin, Guid patientId)
    {
        var response = await admin.GetAsync($"/api/v1/audit-entries?patientId={patientId}&action=Read&pageSize=100");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadObjectAsync())["totalCount"]!.GetValue<int>();
    }

    private async Task<string> ExplainAsync(DbCommand captured)
    {
        if (Api.Provider == DatabaseProvider.Sqlite)
        {
            await using var sqlite = new SqliteConnection(fixture.ConnectionString);
            await sqlite.OpenAsync(TestContext.Current.CancellationToken);
            await using var explain = sqlite.CreateCommand();
            // Unbound parameters are NULL: the plan does not depend on them.
            explain.CommandText = "EXPLAIN QUERY PLAN " + captured.CommandText;
            return await ReadAllAsync(explain, column: 3);
        }

        await using var postgres = new NpgsqlConnection(fixture.ConnectionString);
        await postgres.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("EXPLAIN " + captured.CommandText, postgres);
        foreach (NpgsqlParameter parameter in captured.Parameters)
        {
            command.Parameters.Add(parameter.Clone());
        }

        return await ReadAllAsync(command, column: 0);
    }

    // PostgreSQL plans by statistics: a clinic's worth of patients (none of them named "plan..."), then ANALYZE, so that
    // the plan is the one a real database gets, rather than a guess over a handful of rows.
    private async Task AddOtherPatientsAsync(Guid site, int count)
    {
        await using var postgres = new NpgsqlConnection(fixture.ConnectionString);
        await postgres.OpenAsync(TestContext.Current.CancellationToken);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "Patients" ("Id", "SiteId", "GivenName", "FamilyName", "GivenNameKey", "FamilyNameKey", "DateOfBirth", "Sex",
                "PreferredContactChannel", "CreatedAt", "CreatedBy", "UpdatedAt", "UpdatedBy", "Version")
            SELECT gen_random_uuid(), @site, 'g' || md5(i::text), 'f' || md5((i * 7)::text), 'g' || md5(i::text), 'f' || md5((i * 7)::text),
                DATE '1980-01-01' + i, 'Female', 'Email', now(), 'seed', now(), 'seed', 1
            FROM generate_series(1, @count) AS i;
            ANALYZE "Patients";
            """, postgres);
        insert.Parameters.AddWithValue("site", site);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string> ReadAllAsync(DbCommand command, int column)
    {
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(column));
        }

        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Copies of the name-search commands EF executes, with the database each ran on. Subscribed when the test assembly
/// loads, before any EF use: EF caches for a while whether anyone listens to its diagnostic events, so a subscription
/// made during a test could miss that test's commands.
/// </summary>
internal static class SearchCommandLog
{
    private static readonly ConcurrentQueue<(string Database, DbCommand Command)> _commands = new();

    [ModuleInitializer]
    internal static void Subscribe() => DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());

    /// <summary>Commands run on the database of <paramref name="connectionString"/>, oldest first.</summary>
    public static IReadOnlyList<DbCommand> On(string connectionString)
    {
        var database = connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? new NpgsqlConnectionStringBuilder(connectionString).Database!
            : Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        return [.. _commands.Where(c => c.Database == database).Select(c => c.Command)];
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                listener.Subscribe(new EventObserver());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class EventObserver : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key != RelationalEventId.CommandExecuted.Name
                || value.Value is not CommandExecutedEventData { Command: var command }
                || !command.CommandText.Contains("FamilyNameKey", StringComparison.Ordinal)
                || command.Connection is not { } connection)
            {
                return;
            }

            // EF reuses the command object: keep a copy of its text and parameters.
            _commands.Enqueue(command is NpgsqlCommand npgsql
                ? (connection.Database, npgsql.Clone())
                : (Path.GetFullPath(connection.DataSource), new SqliteCommand(command.CommandText)));
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
