using Bot.Core.Text;

namespace Bot.Core.Tests.Text;

public class BackgroundRarityTests
{
    [Fact]
    public void Common_english_words_are_less_rare_than_topical_ones_and_unknown_words_are_rarest()
    {
        double said = BackgroundRarity.Of("said"), vehicle = BackgroundRarity.Of("vehicle"), normandy = BackgroundRarity.Of("normandy");
        Assert.InRange(said, 0, 0.3);
        Assert.True(vehicle > said);
        Assert.True(normandy > vehicle);
        Assert.Equal(1, BackgroundRarity.Of("huguenots"));
        Assert.Equal(1, BackgroundRarity.Of("1905"));
    }
}
