using Bot.Core.Text;

namespace Bot.Core.Questions;

/// <summary>Finds the expected answer type and the content terms of a question.</summary>
public static class QuestionAnalyzer
{
    private static readonly string[] DateHeads = ["year", "years", "date", "day", "month", "century", "decade", "time", "era", "period", "season"];
    private static readonly string[] PlaceHeads = ["country", "city", "place", "region", "state", "town", "continent", "location", "area", "island", "river", "province", "nation"];
    private static readonly string[] PersonHeads = ["person", "man", "woman", "king", "queen", "leader", "president", "emperor", "ruler", "author", "general", "minister", "scientist", "official"];
    private static readonly string[] SayVerbs = ["call", "calls", "called", "say", "says", "said", "describe", "describes", "described", "label", "labeled", "labelled", "refer", "refers", "term", "termed", "name", "named", "nickname", "nicknamed", "dub", "dubbed"];
    private static readonly HashSet<string> WhWords = new(StringComparer.Ordinal) { "what", "which", "who", "whom", "whose", "when", "where", "why", "how" };

    public static QuestionAnalysis Analyze(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var tokens = WordTokenizer.Tokenize(question);
        var type = DetectType(tokens);
        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            bool acronym = t.Surface.Length is >= 2 and <= 6 && t.Surface.All(char.IsUpper);
            if (!acronym && (StopWords.Contains(t.Normal) || WhWords.Contains(t.Normal))) continue;
            if (t.Normal.Length < 2 && !t.IsNumber) continue;
            if (!seen.Add(t.Stem)) continue;
            var variants = WordForms.For(t.Normal).Where(v => WordTokenizer.StemOf(v) != t.Stem).ToList();
            terms.Add(new QueryTerm(t.Surface, t.Normal, t.Stem, variants, acronym));
        }

        var search = new List<string>();
        foreach (var term in terms)
        {
            search.Add(term.Normal);
            var american = SpellingVariants.ToAmerican(term.Normal);
            if (american != term.Normal) search.Add(american);
            search.AddRange(term.Variants);
        }
        return new QuestionAnalysis(question, type, terms, search, tokens.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal));
    }

    private static AnswerType DetectType(List<WordToken> tokens)
    {
        var words = tokens.Select(t => t.Normal).ToList();
        for (int i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var next = i + 1 < words.Count ? words[i + 1] : "";
            switch (w)
            {
                case "when": return AnswerType.Date;
                case "where": return AnswerType.Place;
                case "why": return AnswerType.Reason;
                case "who" or "whom" or "whose": return AnswerType.Person;
                case "how":
                    if (next == "many") return AnswerType.Number;
                    if (next is "much" or "long" or "old" or "far" or "big" or "large" or "tall" or "high" or "deep" or "wide" or "heavy" or "fast" or "often")
                        return next == "long" && words.Skip(i + 2).Any(x => x == "ago") ? AnswerType.Date : AnswerType.Quantity;
                    return AnswerType.Manner;
                case "what" or "which":
                    if (DateHeads.Contains(next)) return AnswerType.Date;
                    if (PlaceHeads.Contains(next)) return AnswerType.Place;
                    if (PersonHeads.Contains(next)) return AnswerType.Person;
                    if (next is "percentage" or "percent" or "number" or "amount" or "proportion" or "share") return AnswerType.Number;
                    if (words.Skip(i + 1).Any(x => SayVerbs.Contains(x))) return AnswerType.Quotation;
                    return AnswerType.Entity;
            }
        }
        return AnswerType.Unknown;
    }
}
