namespace ZkSummarize.Payments.Tests;

/// <summary>A clock that moves only when told, for windows of minutes that a test cannot wait out.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
