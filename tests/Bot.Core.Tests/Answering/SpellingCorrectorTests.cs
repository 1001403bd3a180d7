using Bot.Core.Answering;

namespace Bot.Core.Tests.Answering;

public sealed class SpellingCorrectorTests
{
    [Theory]
    [InlineData("taliban", "taliban", 0)]
    [InlineData("talibn", "taliban", 1)]  // a letter left out
    [InlineData("tailban", "taliban", 1)] // two letters swapped
    [InlineData("talibam", "taliban", 1)] // a letter changed
    [InlineData("tlibam", "taliban", 2)]
    public void Distance_counts_insertions_deletions_changes_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, SpellingCorrector.Distance(a, b, 3));
        Assert.Equal(expected, SpellingCorrector.Distance(b, a, 3));
    }

    [Fact]
    public void Distance_stops_early_once_over_the_limit()
    {
        Assert.Equal(2, SpellingCorrector.Distance("abcdef", "uvwxyz", 1));
    }

    [Fact]
    public void The_commonest_of_the_nearest_stems_wins()
    {
        (string, int)[] vocabulary = [("pear", 3), ("peer", 9), ("bear", 5), ("pearl", 40), ("peach", 100)];
        Assert.Equal("peer", SpellingCorrector.Closest("pewr", vocabulary));
        // Exactly known words are never "corrected", and nothing two edits away is for a short word.
        Assert.Null(SpellingCorrector.Closest("pxxr", [("peer", 9)]));
        Assert.Equal("bear", SpellingCorrector.Closest("bearx", [("bear", 1), ("beard", 1)])); // a tie: alphabetical
    }

    [Theory]
    [InlineData("when did Rusia delist the Talibn?", "Rusia delist Talibn")] // "delist" too: a rare word, right if the sources hold it
    [InlineData("when did Russia delist the TALIBN?", "delist")]    // an acronym, or shouted: too short to tell apart
    [InlineData("when did Rusia's court delist the Talibn's men?", "delist")] // a possessive or contraction stays as typed
    [InlineData("who fought for Gdańk?", "")]                       // accented: the SQLite index folds accents
    [InlineData("who fougth in the war?", "fougth")]                // "fought" itself would be an English word
    public void Only_plain_words_that_are_not_English_are_candidates(string question, string expected)
    {
        Assert.Equal(expected, string.Join(' ', SpellingCorrector.Candidates(question).Select(t => t.Surface)));
    }

    [Fact]
    public void The_first_letter_is_never_corrected()
    {
        // SQuAD's "When was the company unestablished?" is not a typo of "establish".
        Assert.Null(SpellingCorrector.Closest("unestablish", [("establish", 40)]));
        Assert.Null(SpellingCorrector.Closest("xaliban", [("taliban", 40)]));
    }

    [Fact]
    public void Long_words_may_be_two_edits_away_short_ones_one()
    {
        Assert.Equal("parliament", SpellingCorrector.Closest("parlment", [("parliament", 4)]));
        Assert.Null(SpellingCorrector.Closest("bera", [("bread", 4)]));
    }
}
