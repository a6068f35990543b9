namespace ClinicOps.Api.Tests.Harness;

/// <summary>A clock the tests move by hand; nothing in the tests waits for real time to pass.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now = _now.Add(by);

    /// <summary>Moves the clock forward to an instant, e.g. a reminder's due time; never back.</summary>
    public void MoveTo(DateTimeOffset to)
    {
        if (to > _now)
        {
            _now = to;
        }
    }

    /// <summary>
    /// Sets the clock to any instant. Only for a delivery whose webhook-timestamp the reference verifier compares with
    /// real time (it accepts 5 minutes of skew).
    /// </summary>
    public void Set(DateTimeOffset to) => _now = to;
}
