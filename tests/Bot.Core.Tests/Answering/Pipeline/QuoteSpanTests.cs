using Bot.Core.Answering;
using Bot.Core.Answering.Pipeline;
using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Tests.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Tests.Answering.Pipeline;

/// <summary>What the first quote spans: the antecedent that says who, the neighbour that covers the rest of the question; and near misses.</summary>
public sealed class QuoteSpanTests
{
    // Only the rules under test: no merging by the ranker's ratio or by answer type.
    private static QuoteComposer Composer(bool refuseNearMisses = true, bool speakerWords = true, bool sequel = true, bool ordinal = true) =>
        new(Options.Create(new ScoringWeights
        {
            MergeNeighbourRatio = 0, MergeForAnswerType = false, RefuseNearMisses = refuseNearMisses, PreferSpeakerWords = speakerWords, SpanSequel = sequel,
            PreferOrdinalReference = ordinal,
        }));

    /// <summary>An article of paragraphs of sentences, its sentence rows with true offsets, and a reader that serves its text.</summary>
    private static (FakeIndexReader Reader, List<SentenceRow> Sentences) Article(params string[][] paragraphs)
    {
        var text = "";
        var rows = new List<SentenceRow>();
        for (int p = 0; p < paragraphs.Length; p++)
        {
            if (p > 0) text += "\n\n";
            for (int i = 0; i < paragraphs[p].Length; i++)
            {
                if (i > 0) text += " ";
                var sentence = paragraphs[p][i];
                rows.Add(new SentenceRow(rows.Count + 1, 1, "a.txt", "A", null, p, rows.Count, text.Length, text.Length + sentence.Length, sentence));
                text += sentence;
            }
        }
        return (new FakeIndexReader { DocumentText = text }, rows);
    }

    // The best sentence first, the rest after it with falling scores.
    private static List<ScoredSentence> RankedWithBest(List<SentenceRow> sentences, int best) =>
        [new ScoredSentence(sentences[best], 0.9, 1, 1, 0), .. sentences.Where(s => s != sentences[best]).Select(s => new ScoredSentence(s, 0.05, 0.1, 0.1, 0))];

    private static Task<Answer> Ask(FakeIndexReader reader, List<SentenceRow> sentences, int best, string question, bool refuseNearMisses = true) =>
        Composer(refuseNearMisses).ComposeAsync(reader, question, AnswerType.Unknown, RankedWithBest(sentences, best), sentences, answered: true, 0.9, 1, CancellationToken.None);

    [Fact]
    public async Task A_role_as_subject_is_quoted_with_the_sentence_that_names_it()
    {
        var (reader, sentences) = Article(["Caloundra defeated Wynnum 45 points to 24 on Saturday.", "The visitors would run away with the result in the end."]);

        var answer = await Ask(reader, sentences, 1, "Who won in the end?");

        Assert.Equal("Caloundra defeated Wynnum 45 points to 24 on Saturday. The visitors would run away with the result in the end.", answer.Quotes[0].Text);
    }

    [Fact]
    public async Task An_unattributed_quotation_is_quoted_with_the_sentence_that_names_its_speaker()
    {
        var (reader, sentences) = Article(
            ["\"We want to thank all of the locations,\" said Bolden to the gathered crowd.", "\"This was a very difficult decision, but one that was made with the public in mind.\""]);

        var answer = await Ask(reader, sentences, 1, "How did Bolden describe the decision?");

        Assert.StartsWith("\"We want to thank", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("public in mind.\"", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_quotation_that_opens_a_paragraph_is_quoted_with_the_end_of_the_paragraph_before_when_that_names_the_speaker()
    {
        var (reader, sentences) = Article(["Fitness was a big factor in that according to Kidston."], ["\"We've been working hard on our fitness\", he said."]);

        var answer = await Ask(reader, sentences, 1, "What did he say about fitness?");

        Assert.Equal("Fitness was a big factor in that according to Kidston.\n\n\"We've been working hard on our fitness\", he said.", answer.Quotes[0].Text);
        Assert.Equal(0, answer.Quotes[0].Paragraph);
    }

    [Fact]
    public async Task A_sentence_whose_subject_is_a_name_after_the_is_quoted_alone()
    {
        var (reader, sentences) = Article(["Ministers met in Cairo on Wednesday.", "The EastMed pipeline would connect offshore gas fields with Europe."]);

        var answer = await Ask(reader, sentences, 1, "What would the EastMed pipeline connect?");

        Assert.Equal("The EastMed pipeline would connect offshore gas fields with Europe.", answer.Quotes[0].Text);
    }

    [Fact]
    public async Task A_question_that_asks_two_things_spans_the_neighbour_that_covers_the_second()
    {
        var (reader, sentences) = Article([
            "Columbia was lost tragically back on February 1, 2003 when it disintegrated during re-entry.",
            "Space Shuttle Challenger was lost when it exploded 73 seconds after liftoff back on January 28, 1986.",
            "Discovery flew more missions than any other orbiter.",
        ]);
        // The ranker prefers the unrelated sentence after the best one; the sentence before covers "accidents, and when".
        var ranked = new List<ScoredSentence>
        {
            new(sentences[1], 0.9, 1, 1, 0), new(sentences[2], 0.2, 0.1, 0.1, 0), new(sentences[0], 0.1, 0.1, 0.1, 0),
        };

        var answer = await Composer().ComposeAsync(reader, "Which shuttles were lost tragically, and when?", AnswerType.Unknown, ranked, sentences, true, 0.9, 1, CancellationToken.None);

        Assert.StartsWith("Columbia was lost tragically", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("January 28, 1986.", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_next_sentence_that_continues_the_best_and_covers_the_rest_of_the_question_is_spanned()
    {
        var (reader, sentences) = Article(["McArthur travelled selling socks and other undergarments.", "He also ran a small landscaping business."]);

        var answer = await Ask(reader, sentences, 0, "What other business did McArthur have besides selling socks?");

        Assert.Equal("McArthur travelled selling socks and other undergarments. He also ran a small landscaping business.", answer.Quotes[0].Text);
    }

    [Fact]
    public async Task A_next_sentence_that_adds_nothing_the_question_asks_is_not_spanned()
    {
        var (reader, sentences) = Article(["McArthur travelled selling socks and other undergarments.", "He was arrested in January."]);

        var answer = await Ask(reader, sentences, 0, "What did McArthur sell?");

        Assert.Equal("McArthur travelled selling socks and other undergarments.", answer.Quotes[0].Text);
    }

    [Fact]
    public async Task A_near_miss_is_not_found_with_the_sentence_shown_as_the_closest()
    {
        var (reader, sentences) = Article(["Nancy Pelosi was voted Speaker by the 116th United States Congress.", "Fifteen Democrats defected."]);

        var answer = await Ask(reader, sentences, 0, "Which state does Nancy Pelosi represent in Congress?");
        var unchecked_ = await Ask(reader, sentences, 0, "Which state does Nancy Pelosi represent in Congress?", refuseNearMisses: false);

        Assert.False(answer.Answered);
        Assert.Equal("Nancy Pelosi was voted Speaker by the 116th United States Congress.", answer.Closest[0].Text);
        Assert.Contains("no state", answer.Note, StringComparison.Ordinal);
        Assert.True(unchecked_.Answered);
    }

    // The sentences in the given order, scores falling.
    private static List<ScoredSentence> RankedAs(List<SentenceRow> sentences, params int[] order) =>
        order.Select((k, r) => new ScoredSentence(sentences[k], 0.9 / (r + 1), 1, 1, 0)).ToList();

    [Fact]
    public async Task A_question_for_a_named_persons_words_is_answered_with_their_quotation_over_a_sentence_that_only_names_them()
    {
        var (reader, sentences) = Article([
            "Council member Dana Ostrom presented the stadium plan to the city on Monday.",
            "\"Nothing this bold has come before the city in decades,\" said Ostrom.",
            "The vote is due in May.",
        ]);
        const string question = "How did Ostrom describe the stadium plan?";

        var answer = await Composer().ComposeAsync(reader, question, AnswerType.Unknown, RankedAs(sentences, 0, 2, 1), sentences, true, 0.9, 1, CancellationToken.None);
        var ranked = await Composer(speakerWords: false).ComposeAsync(reader, question, AnswerType.Unknown, RankedAs(sentences, 0, 2, 1), sentences, true, 0.9, 1, CancellationToken.None);

        Assert.Equal("\"Nothing this bold has come before the city in decades,\" said Ostrom.", answer.Quotes[0].Text);
        Assert.StartsWith("Council member Dana Ostrom presented", ranked.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_speakers_quotation_that_runs_on_is_quoted_with_the_sentence_that_names_the_speaker()
    {
        var (reader, sentences) = Article(
            ["Council member Dana Ostrom presented the stadium plan on Monday."],
            ["\"We listened to every neighbourhood,\" said Ostrom to the council.", "\"This is the boldest plan the city has seen in decades.\""]);

        var answer = await Composer().ComposeAsync(reader, "How did Ostrom describe the plan?", AnswerType.Unknown, RankedAs(sentences, 0, 2, 1), sentences, true, 0.9, 1, CancellationToken.None);

        Assert.StartsWith("\"We listened", answer.Quotes[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("boldest plan the city has seen in decades.\"", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_speakers_quotation_ranked_below_the_quotes_an_answer_shows_does_not_lead()
    {
        var (reader, sentences) = Article([
            "Council member Dana Ostrom presented the stadium plan on Monday.",
            "The plan includes a new tram stop.",
            "The vote is due in May.",
            "\"Nothing this bold has come before the city in decades,\" said Ostrom.",
        ]);

        var answer = await Composer().ComposeAsync(reader, "How did Ostrom describe the plan?", AnswerType.Unknown, RankedAs(sentences, 0, 1, 2, 3), sentences, true, 0.9, 1, CancellationToken.None);

        Assert.StartsWith("Council member Dana Ostrom presented", answer.Quotes[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_about_what_followed_an_event_spans_the_next_sentence_when_it_opens_with_then()
    {
        var (reader, sentences) = Article([
            "The left engine failed forty minutes into the flight.",
            "Then the crew shut down the fuel pump and turned back to Lisbon.",
            "Passengers were told little.",
        ]);
        const string question = "What did the pilots do after the engine failed?";

        var answer = await Ask(reader, sentences, 0, question);
        var alone = await Composer(sequel: false).ComposeAsync(reader, question, AnswerType.Unknown, RankedWithBest(sentences, 0), sentences, true, 0.9, 1, CancellationToken.None);

        Assert.Equal("The left engine failed forty minutes into the flight. Then the crew shut down the fuel pump and turned back to Lisbon.", answer.Quotes[0].Text);
        Assert.Equal("The left engine failed forty minutes into the flight.", alone.Quotes[0].Text);
    }

    [Fact]
    public async Task A_next_sentence_without_a_sequence_word_is_not_spanned_for_an_after_question()
    {
        var (reader, sentences) = Article(["The left engine failed forty minutes into the flight.", "Passengers were told little."]);

        var answer = await Ask(reader, sentences, 0, "What did the pilots do after the engine failed?");

        Assert.Equal("The left engine failed forty minutes into the flight.", answer.Quotes[0].Text);
    }

    [Fact]
    public async Task The_last_of_a_counted_set_is_answered_with_the_sentence_that_names_it_by_its_ordinal()
    {
        var (reader, sentences) = Article([
            "Nine climbers set out on Tuesday; all but one were found safe at the lower camp by noon.",
            "The ninth was discovered in a crevasse two days later.",
            "Rescuers praised the guides.",
        ]);
        const string question = "Where was the last of the nine climbers found?";

        var answer = await Composer().ComposeAsync(reader, question, AnswerType.Unknown, RankedAs(sentences, 0, 2, 1), sentences, true, 0.9, 1, CancellationToken.None);
        var ranked = await Composer(ordinal: false).ComposeAsync(reader, question, AnswerType.Unknown, RankedAs(sentences, 0, 2, 1), sentences, true, 0.9, 1, CancellationToken.None);

        // The ordinal sentence leads; its role subject ("The ninth") brings in the sentence that says who.
        Assert.Equal("Nine climbers set out on Tuesday; all but one were found safe at the lower camp by noon. The ninth was discovered in a crevasse two days later.", answer.Quotes[0].Text);
        Assert.Equal("Nine climbers set out on Tuesday; all but one were found safe at the lower camp by noon.", ranked.Quotes[0].Text);
    }
}
