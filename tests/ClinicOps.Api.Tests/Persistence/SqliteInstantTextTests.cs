using System.Globalization;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;

namespace ClinicOps.Api.Tests.Persistence;

/// <summary>
/// SQLite's instants: the text written is exactly what the driver writes for the UTC DateTime (so rows stored before
/// and after compare and order alike), and reading the fixed layout gives what the general parser gave.
/// </summary>
public sealed class SqliteInstantTextTests
{
    public static TheoryData<string> Instants => new()
    {
        "0001-01-01T00:00:00+00:00",
        "2026-12-07T18:00:00+00:00",
        "2026-12-07T18:00:00.5+00:00",
        "2026-12-07T18:00:00.1234567+00:00",
        "2026-12-07T18:00:00.0000001+00:00",
        "2026-12-07T18:00:00.0100000+00:00",
        "2024-02-29T23:59:59.9999999+00:00",
        "2026-03-08T08:00:00-06:00",
        "2026-12-07T23:30:00+05:30",
        "9999-12-31T23:59:59.9999999+00:00",
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task The_stored_text_is_what_the_driver_writes_for_the_UTC_DateTime(string instant)
    {
        var value = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT @instant;";
        command.Parameters.AddWithValue("@instant", value.UtcDateTime);

        Assert.Equal((string)(await command.ExecuteScalarAsync())!, SqliteInstantText.Write(value));
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public void Reading_the_stored_text_gives_the_instant_back_with_offset_zero_as_the_general_parser_did(string instant)
    {
        var value = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        var stored = SqliteInstantText.Write(value);

        var read = SqliteInstantText.Read(stored);

        Assert.Equal(value, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(DateTime.Parse(stored, CultureInfo.InvariantCulture), DateTimeKind.Utc)), read);
    }

    [Theory]
    [InlineData("2026-12-07T18:00:00", "2026-12-07T18:00:00+00:00")]
    [InlineData("2026-12-07T18:00:00Z", "2026-12-07T18:00:00+00:00")]
    [InlineData("2026-12-07 18:00:00+02:00", "2026-12-07T16:00:00+00:00")]
    [InlineData("2026-12-07", "2026-12-07T00:00:00+00:00")]
    public void Text_in_another_layout_is_read_by_the_general_parser_as_UTC(string stored, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), SqliteInstantText.Read(stored));
    }

    [Theory]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026-02-30 00:00:00")]
    [InlineData("2026-12-07 24:00:00")]
    [InlineData("not an instant")]
    public void Text_that_is_no_instant_fails_as_it_did_before(string stored)
    {
        Assert.Throws<FormatException>(() => SqliteInstantText.Read(stored));
    }

    [Fact]
    public void The_stored_texts_order_as_their_instants()
    {
        var instants = Instants.Select(row => DateTimeOffset.Parse(row.Data, CultureInfo.InvariantCulture))
            .Concat([new DateTimeOffset(2026, 12, 7, 18, 0, 1, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 17, 59, 59, 999, TimeSpan.Zero)])
            .ToList();

        var byText = instants.OrderBy(SqliteInstantText.Write, StringComparer.Ordinal).ToList();

        Assert.Equal(instants.Order(), byText);
    }
}
