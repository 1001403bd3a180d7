namespace Bot.Core.Text;

/// <summary>Function words that carry no topic; they neither retrieve nor score.</summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about",
        "as", "into", "onto", "upon", "than", "then", "so", "if", "is", "are", "was", "were", "be", "been", "being", "am",
        "do", "does", "did", "done", "doing", "have", "has", "had", "having", "will", "would", "shall", "should", "can",
        "could", "may", "might", "must", "it", "its", "this", "that", "these", "those", "there", "here", "what", "which",
        "who", "whom", "whose", "when", "where", "why", "how", "i", "me", "my", "we", "us", "our", "you", "your", "he",
        "him", "his", "she", "her", "they", "them", "their", "not", "no", "yes", "also", "any", "some", "such", "each",
        "other", "own", "same", "very", "just", "only", "too", "s", "t", "both", "all", "most", "more", "much", "many",
        "name", "named", "kind", "type", "one", "ones", "get", "got", "tell", "please", "does", "term", "call", "called",
        "after", "before", "during", "while", "between", "over", "under", "again", "further", "once", "out", "up", "down",
        "off", "through", "whether", "either", "neither", "via", "per", "whom", "something", "anything", "someone",
        "happen", "happened", "happens", "occur", "occurred", "occurs", "exactly", "approximately", "roughly", "mean", "means",
    };

    // Words that are function words in questions but content words in answers ("called", "name") are stop words
    // for matching but still analysed by QuestionAnalyzer for the answer type.
    public static bool Contains(string normal) => Words.Contains(normal);
}
