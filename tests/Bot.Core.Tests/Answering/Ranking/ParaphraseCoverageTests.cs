using Bot.Core.Answering;
using Bot.Core.Answering.Ranking;
using Bot.Core.Embeddings;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Tests.Answering.Ranking;

public sealed class ParaphraseCoverageTests
{
    private static SentenceRow Row(int ordinal, string text, int paragraph = 0, string title = "Story") =>
        new(100 + ordinal, 1, "a.txt", title, null, paragraph, ordinal, ordinal * 100, ordinal * 100 + 50, text);

    /// <summary>A candidate set of these sentences (every question term idf 1) whose abstention slots are computed for candidate 0.</summary>
    private static double[] Slots(string question, params SentenceRow[] sentences)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        var scored = sentences.Select(s => new ScoredSentence(s, 1, 1, 0.5, 0)).ToList();
        var features = sentences.Select(_ => new double[CandidateFeature.Set.Count]).ToArray();
        var idf = analysis.Terms.ToDictionary(t => t.Stem, _ => 1.0);
        var df = analysis.Terms.ToDictionary(t => t.Stem, _ => 1);
        var set = new CandidateSet(analysis, [], [], sentences, scored, features, 0, 1, df, idf, new Dictionary<string, IReadOnlyList<long>>());
        var a = new double[AbstentionFeature.Set.Count];
        ParaphraseCoverage.Fill(a, set, 0);
        return a;
    }

    private static bool MatchedIn(string question, string word, string sentence)
    {
        var analysis = QuestionAnalyzer.Analyze(question);
        int j = analysis.Terms.ToList().FindIndex(t => t.Normal == word);
        Assert.True(j >= 0, $"'{word}' is not a term of '{question}'");
        return ParaphraseCoverage.Matched(analysis, WordTokenizer.Tokenize(sentence))[j];
    }

    [Fact]
    public void A_synonym_or_a_close_word_vector_counts_as_the_question_word()
    {
        Assert.True(MatchedIn("When was the pact signed?", "pact", "The agreement was signed in May.")); // WordNet synonym
        Assert.True(MatchedIn("Who killed the guard?", "killed", "The guard died after the attack.")); // GloVe 0.74
    }

    [Fact]
    public void An_unrelated_word_stays_missing()
    {
        Assert.False(MatchedIn("When was the pact signed?", "pact", "The weather was sunny in the afternoon."));
        Assert.False(MatchedIn("What did the minister announce?", "minister", "The rugby match was played in heavy rain."));
    }

    [Fact]
    public void A_name_counts_only_when_the_sentence_names_it_exactly()
    {
        // GloVe puts Obama and Bush close together; one president is not the other.
        Assert.False(MatchedIn("Which state does Barack Obama represent?", "obama", "Bush represented Texas for years."));
        Assert.True(MatchedIn("Which state does Barack Obama represent?", "obama", "Obama represented Illinois in the Senate."));
    }

    [Fact]
    public void The_soft_missing_share_is_lower_for_a_paraphrase_than_for_an_unrelated_sentence()
    {
        var paraphrase = Slots("How long did it take to negotiate the agreement?", Row(0, "The leaders negotiated the deal over four years."));
        var unrelated = Slots("How long did it take to negotiate the agreement?", Row(0, "The rugby match was played in heavy rain."));

        // "negotiate" and "agreement" (= "deal") are met; common words ("long", "take") meet loose neighbours in both.
        Assert.True(paraphrase[AbstentionFeature.TopSoftMissing] < unrelated[AbstentionFeature.TopSoftMissing]);
        Assert.True(unrelated[AbstentionFeature.TopSoftMissing] >= 0.5);
    }

    [Fact]
    public void The_paragraph_and_title_supply_words_the_sentence_lacks_but_another_paragraph_does_not()
    {
        var a = Slots("Where did Pelosi meet the ambassador?",
            Row(0, "She was in the chamber on Thursday."),
            Row(1, "Nancy Pelosi was elected on Thursday.", paragraph: 0),
            Row(2, "The ambassador was praised.", paragraph: 1));

        Assert.True(a[AbstentionFeature.TopContextSoftMissing] < a[AbstentionFeature.TopSoftMissing]);
        Assert.Equal(1, a[AbstentionFeature.TopParagraphNames], 9); // Pelosi, in the same paragraph
        Assert.Equal(1, a[AbstentionFeature.TopContextSoftMaxMissing], 9); // "ambassador", the rarest, is only in the other paragraph
    }

    [Fact]
    public void A_question_name_missing_from_the_paragraph_lowers_the_name_share()
    {
        var a = Slots("Which state does Nancy Pelosi represent?", Row(0, "Senator Warren spoke to reporters in Boston."));

        Assert.Equal(0, a[AbstentionFeature.TopParagraphNames], 9);
        Assert.Equal(1, Slots("Where is the dam?", Row(0, "The dam is in Wales."))[AbstentionFeature.TopParagraphNames], 9); // no names asked
    }

    [Fact]
    public void Token_coverage_is_the_weighted_share_of_question_tokens_some_sentence_token_reaches()
    {
        static float[] Unit(params float[] v)
        {
            var n = (float)Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / n).ToArray();
        }
        var question = new TokenVectors([1, 2], [.. Unit(1, 0, 0), .. Unit(0, 1, 0)], 3);
        // The first question token is met exactly, the second only at 45 degrees (cosine 0.71).
        var sentence = new TokenVectors([1, 3], [.. Unit(1, 0, 0), .. Unit(0, 1, 1)], 3);

        Assert.Equal(1.0 / 5, TokenMatchFeatures.Covered(question, [1, 4], sentence, 0.8), 9);
        Assert.Equal(1.0, TokenMatchFeatures.Covered(question, [1, 4], sentence, 0.7), 9);
    }
}
