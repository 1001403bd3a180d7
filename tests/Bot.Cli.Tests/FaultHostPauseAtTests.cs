using Bot.Core.Indexing;
using Bot.FaultHost;

namespace Bot.Cli.Tests;

/// <summary>The crash tests' pause switch, read by the test-only fault host.</summary>
public sealed class FaultHostPauseAtTests
{
    [Theory]
    [InlineData("in-upsert:1", IndexFaultPoint.InUpsert, 1)]
    [InlineData("after-write:12", IndexFaultPoint.AfterWrite, 12)]
    [InlineData("after-vectors:3", IndexFaultPoint.AfterVectors, 3)]
    public void A_point_and_count_name_the_arrival_to_pause_at(string value, IndexFaultPoint point, int count) =>
        Assert.Equal(new PauseAt(point, value.Split(':')[0], count), PauseAt.Parse(value));

    [Fact]
    public void Unset_pauses_nowhere() => Assert.Null(PauseAt.Parse(null));

    [Theory]
    [InlineData("in-upsert")]
    [InlineData("in-upsert:0")]
    [InlineData("inupsert:1")]
    [InlineData("in-upsert:two")]
    public void A_malformed_value_fails_loudly_rather_than_never_pausing(string value) =>
        Assert.Throws<ArgumentException>(() => PauseAt.Parse(value));
}
