using Bot.Core.Indexing;
using Bot.Core.Questions;
using Bot.Core.Text;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering.Pipeline;

/// <summary>
/// Quote composition: the answer's verbatim quotes (the first one or two sentences, then further candidates the ranker
/// is nearly as sure of), or "not found" with the two closest sentences when the abstainer refused — or when the question
/// asks for an attribute (a length, age, state, judge, currency, cost, which museum…) that the first quote does not hold
/// (<see cref="NearMiss"/>): then the first quote is shown as the closest, not an answer. A question for a named
/// person's words, or about "the last of the eight", is first answered from the ranker's top three candidate that gives
/// those words or names "the eighth" (<see cref="SpeakerFirst"/>, <see cref="OrdinalFirst"/>).
/// </summary>
internal sealed class QuoteComposer(IOptions<ScoringWeights> weights)
{
    private readonly ScoringWeights _weights = weights.Value;

    public async Task<Answer> ComposeAsync(IIndexReader reader, string question, AnswerType type, IReadOnlyList<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all,
        bool answered, double confidence, int maxQuotes, CancellationToken cancellationToken)
    {
        // The question's words, read once for the rules below.
        var questionTokens = WordTokenizer.Tokenize(question);
        // The attribute the question asks for (a near miss lacks it), read once for every candidate tested below.
        var asked = _weights.RefuseNearMisses ? NearMiss.Parse(question, _weights.ExtendedNearMisses) : null;
        if (_weights.PreferSpeakerWords) ranked = SpeakerFirst(questionTokens, ranked, all);
        if (_weights.PreferOrdinalReference) ranked = OrdinalFirst(questionTokens, ranked);
        if (_weights.PreferAskedAttribute && asked is not null) ranked = AttributeFirst(asked, questionTokens, ranked);
        if (_weights.YesNoNegationRatio > 0) ranked = NegationFirst(question, ranked, _weights.YesNoNegationRatio);
        var best = ranked[0];
        if (!answered)
        {
            var closest = ranked.Take(2).Select(s => ToQuote(s.Sentence, s.Score)).ToList();
            return Answer.NotFound(question, closest);
        }
        var firstQuote = await FirstQuoteAsync(reader, question, questionTokens, type, ranked, all, cancellationToken).ConfigureAwait(false);
        if (asked?.Missing(firstQuote.Text) is { } attribute)
            return Answer.NotFound(question, [firstQuote, .. ranked.Skip(1).Take(1).Select(r => ToQuote(r.Sentence, r.Score))],
                $"The closest passage gives no {attribute}: it is shown as the closest, not an answer.");
        var quotes = new List<Quote> { firstQuote };
        var used = new HashSet<long> { best.Sentence.Id };
        foreach (var s in ranked.Skip(1))
        {
            if (quotes.Count >= maxQuotes) break;
            if (s.Score < best.Score * _weights.FollowUpQuoteRatio) break;
            if (used.Contains(s.Sentence.Id) || quotes.Any(q => q.Path == s.Sentence.Path && q.Start <= s.Sentence.Start && s.Sentence.End <= q.End)) continue;
            used.Add(s.Sentence.Id);
            quotes.Add(ToQuote(s.Sentence, s.Score));
        }
        return new Answer(question, true, quotes, [], null, null, Math.Round(Math.Clamp(confidence, 0, 1), 4));
    }

    /// <summary>
    /// The first quote is one or two sentences: the best one, plus one neighbour, the first of these rules that finds one:
    /// <list type="number">
    /// <item>the antecedent, when the best sentence alone does not say who (<see cref="SentenceContext.NeedsAntecedentToSayWho"/>:
    /// "He also ran…", "The visitors…", "“…”, he said") — the sentence before it in its paragraph (for a role or a
    /// quotation only if that one names someone), or, for a quotation that opens a paragraph, the last sentence of the
    /// paragraph before when that one names someone; the two must fit <see cref="ScoringWeights.PronounMergeMaxChars"/>;</item>
    /// <item>for a question that asks what followed an event, the next sentence when it opens with "Then…" (<see cref="Sequel"/>);</item>
    /// <item>an adjacent sentence of the paragraph the ranker is nearly as sure of (answers straddle sentence boundaries);</item>
    /// <item>the next sentence when it continues the best one and the ranker gives it some weight (<see cref="Continuation"/>);</item>
    /// <item>when the question expects a date, number, quantity, person or place that the best sentence lacks, a neighbour that has one;</item>
    /// <item>when the question asks two things at once (<see cref="CompoundQuestion"/>) or the next sentence continues the
    /// best one (it leans on it), the neighbour that covers the question words the best sentence lacks.</item>
    /// </list>
    /// </summary>
    private async Task<Quote> FirstQuoteAsync(IIndexReader reader, string question, List<WordToken> questionTokens, AnswerType type, IReadOnlyList<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all, CancellationToken ct)
    {
        var best = ranked[0];
        var s = best.Sentence;
        // The best sentence's words, read once for the rules below.
        var tokens = WordTokenizer.Tokenize(s.Text);
        var partner = Antecedent(s, tokens, all);
        if (partner is null && _weights.SpanSequel) partner = Sequel(question, questionTokens, s, tokens, all);
        // Adjacent sentences of the same paragraph, the ranker's likeliest first.
        var neighbours = ranked.Skip(1)
            .Where(r => r.Sentence.DocumentId == s.DocumentId && r.Sentence.Paragraph == s.Paragraph && Math.Abs(r.Sentence.Ordinal - s.Ordinal) == 1
                && r.Sentence.Text.Length + s.Text.Length <= _weights.MergeMaxChars)
            .ToList();
        if (partner is null && _weights.MergeNeighbourRatio > 0)
            partner = neighbours.Where(r => r.Score >= best.Score * _weights.MergeNeighbourRatio).Select(r => r.Sentence).FirstOrDefault();
        if (partner is null && _weights.ContinuationMergeRatio > 0) partner = Continuation(s, tokens, ranked);
        if (partner is null && _weights.MergeForAnswerType && best.TypeMatch < 0
            && type is AnswerType.Date or AnswerType.Number or AnswerType.Quantity or AnswerType.Person or AnswerType.Place)
            partner = neighbours.Where(r => r.TypeMatch > 0).Select(r => r.Sentence).FirstOrDefault();
        partner ??= RestOfQuestion(question, questionTokens, s, tokens, neighbours.Select(r => r.Sentence).ToList());
        if (partner is not null)
        {
            int start = Math.Min(partner.Start, s.Start), end = Math.Max(partner.End, s.End);
            var text = await reader.GetTextAsync(s.DocumentId, start, end, ct).ConfigureAwait(false);
            return new Quote(text, s.Title, s.Path, Math.Min(partner.Paragraph, s.Paragraph), start, end, Math.Round(best.Score, 4), s.Url).WithCitation(s.Citation);
        }
        return ToQuote(s, best.Score);
    }

    // The sentence that says who the best one is about, when the best does not (pronoun, role or unattributed quotation).
    private SentenceRow? Antecedent(SentenceRow s, List<WordToken> tokens, IReadOnlyList<SentenceRow> all)
    {
        if (!SentenceContext.NeedsAntecedentToSayWho(s.Text, tokens)) return null;
        var before = all.FirstOrDefault(p => p.DocumentId == s.DocumentId && p.Ordinal == s.Ordinal - 1 && p.Paragraph <= s.Paragraph);
        if (before is null || before.Text.Length + s.Text.Length > _weights.PronounMergeMaxChars) return null;
        // A pronoun subject always read with the sentence before it (as before); a role or a quotation only when that one names someone.
        if (before.Paragraph != s.Paragraph)
            // Across a paragraph break only for a quotation whose speaker the paragraph before names.
            return SentenceContext.IsQuotation(s.Text) && SentenceContext.SaysWho(WordTokenizer.Tokenize(before.Text)) ? before : null;
        var first = tokens[0].Surface;
        if (first is "He" or "She" or "They" or "It" or "This" or "These" or "That" or "Those") return before;
        return SentenceContext.SaysWho(WordTokenizer.Tokenize(before.Text)) ? before : null;
    }

    /// <summary>
    /// For a question that asks for a named person's words (<see cref="SpeakerQuestion"/>: "How did Ostrom describe the
    /// plan?", "…, according to Ruiz?"), the best candidate that gives that person's words (<see cref="ReportedSpeech"/>)
    /// leads when the best sentence does not and it is among the ranker's first <see cref="LeadDepth"/> — the
    /// quotes a default answer shows anyway; otherwise the ranking as it is.
    /// </summary>
    internal static IReadOnlyList<ScoredSentence> SpeakerFirst(List<WordToken> questionTokens, IReadOnlyList<ScoredSentence> ranked, IReadOnlyList<SentenceRow> all)
    {
        if (ranked.Count < 2) return ranked;
        var speaker = SpeakerQuestion.Speaker(questionTokens);
        return speaker.Count == 0 ? ranked : FirstThatHolds(ranked, s => ReportedSpeech.GivesWordsOf(s, all, speaker));
    }

    /// <summary>
    /// For a question about the last of a counted set ("Where was the last of the eight bodies found?",
    /// <see cref="OrdinalReference"/>), the best candidate that names it by the ordinal ("The eighth was discovered…")
    /// leads when the best sentence does not and it is among the ranker's first <see cref="LeadDepth"/>.
    /// </summary>
    internal static IReadOnlyList<ScoredSentence> OrdinalFirst(List<WordToken> questionTokens, IReadOnlyList<ScoredSentence> ranked)
    {
        if (ranked.Count < 2) return ranked;
        var ordinal = OrdinalReference.LastOfCount(questionTokens);
        return ordinal.Count == 0 ? ranked : FirstThatHolds(ranked, s => WordTokenizer.Tokenize(s.Text).Any(t => ordinal.Contains(t.Normal)));
    }

    // The ranking with the first of its top candidates that holds the property moved to the front (unchanged when the best holds it, or none does).
    private static IReadOnlyList<ScoredSentence> FirstThatHolds(IReadOnlyList<ScoredSentence> ranked, Func<SentenceRow, bool> holds)
    {
        if (holds(ranked[0].Sentence)) return ranked;
        for (int i = 1; i < Math.Min(ranked.Count, LeadDepth); i++)
        {
            if (!holds(ranked[i].Sentence)) continue;
            var reordered = new List<ScoredSentence>(ranked.Count) { ranked[i] };
            reordered.AddRange(ranked.Where((_, k) => k != i));
            return reordered;
        }
        return ranked;
    }

    /// <summary>
    /// For a question that asks for an attribute (<see cref="NearMiss"/>: an age, a length, a count, a role by name…) the
    /// best sentence lacks, the best of the ranker's first <see cref="LeadDepth"/> candidates that holds one leads
    /// ("How old is Warholm?": "Warholm, who is 23 years old, won…" over the sentence that names him in the final) — when
    /// it speaks of what the question asks about as the best sentence does (<see cref="NamesSubject"/>): a sentence that
    /// merely holds something of the type ("According to Samoa Observer editor Keni Lesa…" for "Which company made the
    /// faulty vaccine that killed two children in Samoa?") does not lead, so the near miss stays one.
    /// </summary>
    internal static IReadOnlyList<ScoredSentence> AttributeFirst(NearMissQuestion asked, List<WordToken> questionTokens, IReadOnlyList<ScoredSentence> ranked)
    {
        if (ranked.Count < 2) return ranked;
        var wanted = QuestionUnits(questionTokens);
        int bestCovers = Covered(wanted, ranked[0].Sentence.Text);
        return FirstThatHolds(ranked, s => asked.Missing(s.Text) is null
            && (ReferenceEquals(s, ranked[0].Sentence) || NamesSubject(Covered(wanted, s.Text), bestCovers)));
    }

    /// <summary>
    /// A promoted candidate names the question's subject as the ranker's best sentence does when it holds more than half
    /// of the question's words the best one holds, or all of them but one: news-train's "Which company made the faulty
    /// vaccine that killed two children in Samoa?" best sentence holds four ("faulty", "vaccine", "two", "children"), the
    /// sentence after it, which names a newspaper and an editor, two ("Samoa", "vaccine"); "Cummings, the Democratic
    /// chairman…, was 68." holds one ("Elijah Cummings") of the best one's two ("Elijah Cummings", "died").
    /// </summary>
    internal static bool NamesSubject(int covers, int bestCovers) => covers > 0 && (covers * 2 > bestCovers || covers >= bestCovers - 1);

    // The question's content words as units: a run of capitalised words past the first word is one name ("Elijah
    // Cummings"), held when any of its words is (a surname stands for the name); every other content word is its own unit.
    private static List<HashSet<string>> QuestionUnits(List<WordToken> tokens)
    {
        var units = new List<HashSet<string>>();
        bool inName = false;
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            bool name = i > 0 && t.IsCapitalized;
            if (StopWords.Contains(t.Normal)) { inName = false; continue; }
            if (name && inName) units[^1].Add(t.Stem);
            else units.Add(new HashSet<string>(StringComparer.Ordinal) { t.Stem });
            inName = name;
        }
        return units;
    }

    // How many of the question's units the text holds.
    private static int Covered(List<HashSet<string>> units, string text)
    {
        var stems = WordTokenizer.Tokenize(text).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        return units.Count(u => u.Overlaps(stems));
    }

    /// <summary>
    /// For a yes/no question (<see cref="YesNoQuestion"/>) whose best sentence negates nothing, the best of the ranker's
    /// first <see cref="LeadDepth"/> candidates that holds a negation (<see cref="Negation"/>) leads when it scores at
    /// least <paramref name="ratio"/> of the best: news settles such questions by the negation as often as by the
    /// proposition ("Did the Senate find that the network broke the law?" → "the Senate did not find the network had
    /// breached laws").
    /// </summary>
    internal static IReadOnlyList<ScoredSentence> NegationFirst(string question, IReadOnlyList<ScoredSentence> ranked, double ratio)
    {
        if (ranked.Count < 2 || !YesNoQuestion.IsYesNo(question)) return ranked;
        bool ever = YesNoQuestion.AsksEver(question);
        double floor = ranked[0].Score * ratio;
        var reach = ranked.Take(LeadDepth).TakeWhile(r => r.Score >= floor).ToList();
        return FirstThatHolds(reach, s => Negation.Holds(s.Text, ever)) is var led && ReferenceEquals(led, reach)
            ? ranked : [.. led, .. ranked.Skip(reach.Count)];
    }

    /// <summary>
    /// The next sentence of the best one's paragraph when it continues it — its subject is a pronoun, a role or an
    /// unattributed quotation (<see cref="SentenceContext.LeansOnAntecedent"/>: "They found that…" after "The Montreal
    /// team, led by Björn Benneke, used…") — and it is among the ranker's first <see cref="LeadDepth"/> candidates at no
    /// less than <see cref="ScoringWeights.ContinuationMergeRatio"/> of the best, within <see cref="ScoringWeights.MergeMaxChars"/>.
    /// </summary>
    internal SentenceRow? Continuation(SentenceRow best, List<WordToken> bestTokens, IReadOnlyList<ScoredSentence> ranked)
    {
        double floor = ranked[0].Score * _weights.ContinuationMergeRatio;
        var next = ranked.Skip(1).Take(LeadDepth - 1)
            .Where(r => r.Score >= floor && r.Sentence.DocumentId == best.DocumentId && r.Sentence.Paragraph == best.Paragraph && r.Sentence.Ordinal == best.Ordinal + 1)
            .Select(r => r.Sentence).FirstOrDefault();
        return next is not null && next.Text.Length + best.Text.Length <= _weights.MergeMaxChars && Continues(next, bestTokens) ? next : null;
    }

    // The next sentence says who or what only through the best one: a pronoun, role or unattributed quotation as subject
    // ("They found…", "The inventor…", "“…”, he said"), or a definite noun phrase whose noun the best one holds ("The
    // toilet, an artwork, was stolen…" after "…the theft of a gold toilet").
    private static bool Continues(SentenceRow next, List<WordToken> bestTokens)
    {
        var tokens = WordTokenizer.Tokenize(next.Text);
        if (SentenceContext.NeedsAntecedentToSayWho(next.Text, tokens)) return true;
        if (tokens.Count < 2 || tokens[0].Surface is not "The") return false;
        var head = tokens.Skip(1).Take(3).TakeWhile(t => !t.IsCapitalized).Where(t => !StopWords.Contains(t.Normal)).Select(t => t.Stem).ToList();
        return head.Count > 0 && bestTokens.Any(t => head.Contains(t.Stem));
    }

    /// <summary>How deep in the ranking a speaker's words or an ordinal reference are looked for: the three quotes a default answer may show.</summary>
    internal const int LeadDepth = 3;

    /// <summary>
    /// For a question that asks what followed an event (<see cref="SequelQuestion"/>: "What went wrong after their strong
    /// start?") whose best sentence names the event, the next sentence of the paragraph when it opens with a sequence word
    /// ("Then…", "Later…", "After that…"): the event and what followed, within <see cref="ScoringWeights.MergeMaxChars"/>.
    /// </summary>
    internal SentenceRow? Sequel(string question, List<WordToken> questionTokens, SentenceRow best, List<WordToken> bestTokens, IReadOnlyList<SentenceRow> all)
    {
        var stems = SequelQuestion.EventStems(question, questionTokens);
        if (stems.Count == 0 || !bestTokens.Any(t => stems.Contains(t.Stem))) return null;
        var next = all.FirstOrDefault(p => p.DocumentId == best.DocumentId && p.Ordinal == best.Ordinal + 1 && p.Paragraph == best.Paragraph);
        return next is not null && next.Text.Length + best.Text.Length <= _weights.MergeMaxChars && SequelQuestion.OpensWithSequenceWord(WordTokenizer.Tokenize(next.Text))
            ? next : null;
    }

    /// <summary>
    /// For a question that asks two things ("Which shuttles were lost in accidents, and when?"), or when the sentence after
    /// the best one continues it ("McArthur travelled selling socks…" → "He also ran a small landscaping business."), the
    /// adjacent sentence that holds the most content words of the question the best sentence lacks; null when none holds one.
    /// </summary>
    internal static SentenceRow? RestOfQuestion(string question, List<WordToken> questionTokens, SentenceRow best, List<WordToken> bestTokens, IReadOnlyList<SentenceRow> neighbours)
    {
        bool compound = CompoundQuestion.IsCompound(question);
        var wanted = questionTokens.Where(t => !StopWords.Contains(t.Normal)).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        wanted.ExceptWith(bestTokens.Select(t => t.Stem));
        SentenceRow? chosen = null;
        int most = 0;
        foreach (var n in neighbours)
        {
            bool next = n.Ordinal == best.Ordinal + 1;
            if (!compound && !next) continue; // only the next sentence can continue the best one: the one before is not read
            var tokens = WordTokenizer.Tokenize(n.Text);
            bool continues = next && SentenceContext.NeedsAntecedentToSayWho(n.Text, tokens);
            if (!compound && !continues) continue;
            int covered = tokens.Select(t => t.Stem).Where(wanted.Contains).Distinct(StringComparer.Ordinal).Count();
            if (covered > most) (chosen, most) = (n, covered);
        }
        // A compound question keeps its former fallback: the ranker's likeliest neighbour.
        return chosen ?? (compound ? neighbours.FirstOrDefault() : null);
    }

    private static Quote ToQuote(SentenceRow s, double score) =>
        new Quote(s.Text, s.Title, s.Path, s.Paragraph, s.Start, s.End, Math.Round(score, 4), s.Url).WithCitation(s.Citation);
}
