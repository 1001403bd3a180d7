using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class ShortAsciiFirstMapTests
{
    [Fact]
    public void Short_ascii_long_and_non_ascii_keys_are_each_found_and_counted()
    {
        var map = new ShortAsciiFirstMap<int>(4);
        string[] keys = ["word", " word", ",", "a-much-longer-token-than-eighteen", "café", "naïve words"];
        for (int i = 0; i < keys.Length; i++) map.Set(keys[i].AsSpan(), i);

        Assert.Equal(keys.Length, map.Count);
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.True(map.TryGetValue(keys[i].AsSpan(), out var value));
            Assert.Equal(i, value);
        }
        Assert.False(map.TryGetValue("words".AsSpan(), out _));
        Assert.False(map.TryGetValue("a-much-longer-token-than-eighteen!".AsSpan(), out _));
    }

    [Fact]
    public void Set_replaces_a_value_and_Clear_empties_both_levels()
    {
        var map = new ShortAsciiFirstMap<string>(4);
        map.Set("term".AsSpan(), "one");
        map.Set("term".AsSpan(), "two");
        map.Set("Zürich".AsSpan(), "three");
        Assert.Equal(2, map.Count);
        Assert.True(map.TryGetValue("term".AsSpan(), out var value));
        Assert.Equal("two", value);

        map.Clear();
        Assert.Equal(0, map.Count);
        Assert.False(map.TryGetValue("term".AsSpan(), out _));
        Assert.False(map.TryGetValue("Zürich".AsSpan(), out _));
    }
}
