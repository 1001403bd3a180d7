using System.Text.RegularExpressions;
using Bot.Core.Questions;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>Does a sentence hold something of the expected answer type that the question does not already say?</summary>
public static partial class AnswerTypeMatcher
{
    private static readonly HashSet<string> Months = new(StringComparer.Ordinal)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };
    private static readonly HashSet<string> DateWords = new(StringComparer.Ordinal)
    {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tomorrow",
        "century", "centuries", "decade", "ago", "spring", "summer", "autumn", "winter", "bc", "ad", "bce", "ce", "era", "week",
        "weeks", "annually", "millennium", "dynasty", "age",
    };
    private static readonly HashSet<string> NumberWords = new(StringComparer.Ordinal)
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
        "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
        "eighty", "ninety", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
        "trillion", "dozen", "dozens", "several", "half", "quarter", "twice", "single", "double", "triple", "first", "second",
        "third", "fourth", "fifth", "percent", "majority", "minority", "most", "few",
    };
    private static readonly HashSet<string> ReasonWords = new(StringComparer.Ordinal)
    {
        "because", "due", "since", "reason", "caused", "cause", "causes", "result", "resulted", "led", "order", "so", "therefore",
        "thus", "consequently", "citing", "owing", "response", "aim", "aimed", "aims", "purpose", "fear", "desire",
    };
    private static readonly HashSet<string> MannerWords = new(StringComparer.Ordinal)
    {
        "by", "through", "using", "via", "with", "means", "method", "process", "way", "by means",
    };
    private static readonly HashSet<string> SayWords = new(StringComparer.Ordinal)
    {
        "called", "calls", "call", "said", "says", "say", "described", "describes", "labeled", "labelled", "refers", "referred",
        "termed", "named", "known", "dubbed", "nicknamed", "added", "stated", "declared", "urged",
    };

    [GeneratedRegex(@"^(1\d{3}|20\d{2}|\d{3})s?$", RegexOptions.CultureInvariant)]
    private static partial Regex YearRegex();

    [GeneratedRegex(@"^\d{1,2}(st|nd|rd|th)$", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalDayRegex();

    /// <summary>
    /// 1 when the sentence offers a fresh candidate of the expected type, 0 when the type is unknown, -1 when it
    /// lacks one. Tokens whose stems occur in the question do not count (they are not new information).
    /// </summary>
    public static double Match(AnswerType type, string sentence, IReadOnlyList<WordToken> tokens, IReadOnlySet<string> questionStems)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(questionStems);
        bool Fresh(WordToken t) => !questionStems.Contains(t.Stem);
        switch (type)
        {
            case AnswerType.Date:
                return tokens.Any(t => Fresh(t) && (Months.Contains(t.Normal) && t.IsCapitalized || DateWords.Contains(t.Normal)
                    || YearRegex().IsMatch(t.Normal) || OrdinalDayRegex().IsMatch(t.Normal))) ? 1 : -1;
            case AnswerType.Number:
                return tokens.Any(t => Fresh(t) && (t.IsNumber && !YearRegex().IsMatch(t.Normal) || NumberWords.Contains(t.Normal))) ? 1
                    : tokens.Any(t => Fresh(t) && t.IsNumber) ? 0.5 : -1;
            case AnswerType.Quantity:
                return tokens.Any(t => Fresh(t) && (t.IsNumber || NumberWords.Contains(t.Normal))) || sentence.IndexOfAny(['$', '£', '€', '%']) >= 0 ? 1 : -1;
            case AnswerType.Person:
            case AnswerType.Place:
                return HasFreshName(tokens, questionStems) ? 1 : -0.5;
            case AnswerType.Quotation:
                return sentence.IndexOfAny(['“', '"', '«']) >= 0 ? 1 : tokens.Any(t => SayWords.Contains(t.Normal)) ? 0.5 : -0.5;
            case AnswerType.Reason:
                return tokens.Any(t => ReasonWords.Contains(t.Normal)) ? 1 : 0;
            case AnswerType.Manner:
                return tokens.Any(t => MannerWords.Contains(t.Normal)) ? 0.5 : 0;
            default:
                return 0;
        }
    }

    /// <summary>A capitalised word not at the start of the sentence and not in the question (a name).</summary>
    private static bool HasFreshName(IReadOnlyList<WordToken> tokens, IReadOnlySet<string> questionStems)
    {
        for (int i = 1; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.IsCapitalized && !questionStems.Contains(t.Stem) && !StopWords.Contains(t.Normal) && !Months.Contains(t.Normal)) return true;
        }
        return false;
    }
}
