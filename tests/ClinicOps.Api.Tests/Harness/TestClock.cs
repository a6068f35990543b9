namespace ClinicOps.Api.Tests.Harness;

/// <summary>A clock the tests move by hand; nothing in the tests waits for real time to pass.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now = _now.Add(by);
}
