using Bot.Discord.Sharding;

namespace Bot.Discord.Tests.Sharding;

public sealed class ShardIdListTests
{
    [Theory]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData(" 4-6 , 1", new[] { 1, 4, 5, 6 })]
    [InlineData("2,2", new[] { 2 })]
    public void Lists_and_ranges_parse_to_sorted_ids(string text, int[] expected) => Assert.Equal(expected, ShardIdList.Parse(text));

    [Fact]
    public void Empty_means_every_shard() => Assert.Null(ShardIdList.Parse(" "));

    [Theory]
    [InlineData("a")]
    [InlineData("3-1")]
    [InlineData("-1")]
    public void Bad_lists_are_refused_with_the_offending_part(string text) =>
        Assert.Throws<FormatException>(() => ShardIdList.Parse(text));
}
