using System.Text.RegularExpressions;
using Bot.Core.Text;

namespace Bot.Core.Answering;

/// <summary>
/// Near misses: a question that asks for a specific attribute (a length, an age, a US state, a judge, a currency, a
/// cost, which museum or university) answered by a sentence that names the subject but holds nothing of that kind
/// ("Which state does Nancy Pelosi represent?" → a sentence about Pelosi that names no state). Each attribute has its
/// own narrow test of the quote — the answer-type matcher's "a fresh name" is true of nearly every news sentence, so it
/// cannot tell. A leading concessive clause ("While many transactions occur using U.S. dollars, …") states the
/// contrast, not the answer, so what it holds does not count.
/// </summary>
internal static partial class NearMiss
{
    // Reads: given the question's match and the question, the test of a quote (whether it holds the attribute). What
    // depends only on the question (its words, the named thing) is worked out there, once per question, not once per
    // candidate quote.
    private sealed record Attribute(string Name, Regex Question, Func<Match, string, Func<string, bool>> Reads);

    private static readonly Attribute[] Attributes =
    [
        // "How long is the planned pipeline?", "How deep was the focus?", "How tall is the tower?" — a measure needs a
        // number ("How long was Warsaw occupied?" may be answered by "almost a month").
        new("length or size", MeasureQuestion(), (_, _) => s => Number().IsMatch(s) || Duration().IsMatch(s)),
        // "How deep was the quake's focus?" — a depth, height or distance needs a number with a unit of length (a
        // magnitude will not do).
        new("depth, height or distance", DistanceQuestion(), (_, _) => s => LengthMeasure().IsMatch(s)),
        new("age", AgeQuestion(), (_, _) => s => AgeExpression().IsMatch(s)),
        new("state", StateQuestion(), (_, _) => s => HasState(s)),
        new("judge", JudgeQuestion(), (_, _) => s => JudgeName().IsMatch(s)),
        new("currency", CurrencyQuestion(), (_, _) => s => CurrencyWord().IsMatch(s)),
        new("cost", CostQuestion(), (_, _) => s => Money().IsMatch(s)),
        new("institution", InstitutionQuestion(), (m, _) => s => HasInstitution(m.Groups["noun"].Value, s)),
        // "Who is the Russian ambassador to Kabul?" answered with "…accepted the credentials of a new Afghan
        // ambassador": the office is named, but held for another country.
        new("office-holder of that country", OfficeHolderQuestion(), (m, _) => s => !OfficeOfAnotherCountry(m, s)),
    ];

    // Issue 14's news-train pass (Bot:Scoring:ExtendedNearMisses): attributes whose absence a sentence shows as plainly.
    private static readonly Attribute[] Extended =
    [
        // "Who is the mayor of Magnitogorsk?", "What is the name of Boseman's wife?", "Who was the Grayback's commanding
        // officer?": a sentence that answers names the role (or, for a spouse or a child, a word of that relation).
        new("role", RoleQuestion(), (m, _) => s => NamesRole(m.Groups["noun"].Value, s)),
        new("role", NameOfRoleQuestion(), (m, _) => s => NamesRole(m.Groups["noun"].Value, s)),
        // "Where was Tony Mendez born?" — a place of death or work is not a birthplace.
        // "Friedrich Ratzel of Germany", "a woman from Austria" say where someone comes from, which may answer it.
        new("birthplace", BirthplaceQuestion(), (_, _) => s => BirthWord().IsMatch(s) || Origin().IsMatch(s)),
        // "How many frog species are venomous?" — a count needs a number ("no", "both" and "all" count too); "How many
        // children did Munk have?" also needs the relation.
        new("count", CountQuestion(), (m, _) => s => (Number().IsMatch(s) || CountWord().IsMatch(s)) && (!Relative().IsMatch(m.Groups["counted"].Value) || NamesRole(m.Groups["counted"].Value, s))
            // news-train: "How many fish species live on Fiji's reefs?" is not answered by "…three types of coral…", nor "How
            // many planes does Mahan Air operate?" by "…the A300 and 747…": a count counts the asked thing, so one of the
            // counted words ("fish", "species") is in the quote ("gunshots" counts "shots"; "people", "times" go unsaid).
            && NamesCounted(m.Groups["phrase"].Value, s)),
        // news-train: "Which company made the faulty vaccine…?" is not answered by "Samoan vaccination rates dropped…":
        // a company, airline or firm is named with a capital letter somewhere past the sentence's first word.
        // Branch n14nm3: a weekday, a month or a name the question itself gives ("…the government of Samoa began…" for
        // "…two children in Samoa?") names no company.
        new("company", CompanyQuestion(), (_, question) =>
        {
            var asked = QuestionWords(question);
            return s => s.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 && NamesNewCapitalised(asked, s[space..]);
        }),
        // news-train: "Where does Maurizio Cattelan live?" is not answered by "…made by Italian artist Maurizio Cattelan":
        // a home is said with a word of dwelling ("resides", "based") or a place after "in" / "from".
        new("home", HomeQuestion(), (_, _) => s => DwellingWord().IsMatch(s) || InPlace().IsMatch(s)),
        // news-train: "Who owns ABS-CBN Corporation?" is not answered by a sentence describing the company: an owner is
        // said with a word of owning ("is owned by", "a subsidiary of", "bought").
        new("owner", OwnerQuestion(), (_, _) => s => OwnershipWord().IsMatch(s)),
        // news-train: "Which constituency does Boris Johnson represent?" is not answered by a sentence about Johnson that
        // names no seat: a constituency is said as one ("constituency", "district", "seat", "MP for…", "represents").
        new("constituency", ConstituencyQuestion(), (_, _) => s => SeatWord().IsMatch(s)),
        // news-train: "How much did oil prices rise after the Abqaiq attack?" is not answered by "…at 4:00 A.M. … about
        // 160 km (100 miles) east…": a rise or fall is a percentage, an amount of money or a change "by"/"to" a number.
        new("change", ChangeQuestion(), (_, _) => s => Percent().IsMatch(s) || Money().IsMatch(s) || ChangeTo().IsMatch(s)),
        // Branch n14near4, news-train: "What is the name of the star that K2-18b orbits?" is not answered by "Its star, a
        // red dwarf, is cooler than the Sun…": a name is given with a word of naming ("named", "called", "entitled", "its
        // identity") or as a capitalised name the question does not give, beside the named thing ("the toilet America").
        // A name of two or more capitalised words the question does not give ("the Emergency Highway Energy Conservation Act"
        // for "What is the name of the law…?", squad-dev) names the thing without its word.
        new("name", NameOfQuestion(), (m, question) =>
        {
            var asked = QuestionWords(question);
            var nouns = SingularNouns(m.Groups["thing"].Value);
            return s => NamingWord().IsMatch(s) || NamedBeside(nouns, asked, s) || HasNewLongName(asked, s) || NamedInApposition(nouns, asked, s);
        }),
        // Branch n14near4, news-train: "What is the largest ocean on Earth?" is not answered by "It is about 110 light-years
        // from Earth…": the largest, oldest… thing is named as one (the asked noun, singular or plural, is in the quote).
        // A kind of something ("the most important type of Norman art", squad-dev) is held by the something too.
        new("superlative", SuperlativeQuestion(), (m, _) =>
        {
            var words = $"{m.Groups["noun"].Value} {m.Groups["of"].Value}".Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(WordForms).ToArray();
            return s => words.Any(w => w.IsMatch(s));
        }),
        // "Who stabbed Sirhan?" answered with "Sirhan was stabbed in the neck": a passive without "by" names no doer.
        new("doer", DoerQuestion(), (m, _) => s => !PassiveWithoutAgent(m.Groups["verb"].Value, s)),
    ];

    /// <summary>The attribute the question asks for ("state", "judge", …), or null when it asks for none of these.</summary>
    public static string? Asked(string question, bool extended = true) => Parse(question, extended)?.Name;

    private static IEnumerable<Attribute> Of(bool extended) => extended ? Attributes.Concat(Extended) : Attributes;

    /// <summary>
    /// The question read once: the first attribute it asks for, with what the question says of it, or null when it asks
    /// for none of these. <see cref="NearMissQuestion.Missing"/> then tests each candidate quote without reading the
    /// question again. <paramref name="extended"/>: also the attributes of <see cref="ScoringWeights.ExtendedNearMisses"/>.
    /// </summary>
    public static NearMissQuestion? Parse(string question, bool extended = true)
    {
        ArgumentNullException.ThrowIfNull(question);
        foreach (var a in Of(extended))
        {
            var m = a.Question.Match(question);
            if (m.Success) return new NearMissQuestion(a.Name, m, a.Reads(m, question));
        }
        return null;
    }

    /// <summary>
    /// The attribute the question asks for that the quote does not hold (outside a leading concessive clause); null when
    /// the question asks for no such attribute or the quote holds one. <paramref name="extended"/>: also the attributes
    /// of <see cref="ScoringWeights.ExtendedNearMisses"/> (a role or relative, a birthplace, a count, the doer of a passive act).
    /// </summary>
    public static string? Missing(string question, string quote, bool extended = true)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(quote);
        return Parse(question, extended)?.Missing(quote);
    }

    // The quote without a leading concessive clause ("While many transactions occur using U.S. dollars, …").
    internal static string WithoutConcession(string quote) => Concession().Replace(quote, "");

    // A US state by name (not "United States"), or "Rivers State" / "the state of Victoria".
    private static bool HasState(string s) =>
        UsState().IsMatch(s) || NamedState().IsMatch(s);

    // "Which museums sent…" → a museum by name: "the British Museum", "Museum of Flight", "the Louvre museum".
    private static bool HasInstitution(string noun, string s)
    {
        var singular = Singular(noun);
        var title = char.ToUpperInvariant(singular[0]) + singular[1..].ToLowerInvariant();
        return Regex.IsMatch(s, $@"\b{title}s?\b", RegexOptions.CultureInvariant)
            || Regex.Matches(s, $@"\b[A-Z][\w'-]+\s+{singular}s?\b", RegexOptions.CultureInvariant).Any(m => m.Index > 0); // not "Several museums…"
    }

    // The quote names the asked office qualified by another country ("a new Afghan ambassador", "China's envoy") and never
    // the asked one ("Russian", "Russia's"): a sentence that names no country at all may still answer, so it stands.
    private static bool OfficeOfAnotherCountry(Match question, string s)
    {
        var stem = NationStem(question.Groups["nation"].Value);
        if (s.Contains(stem, StringComparison.Ordinal)) return false;
        var office = Regex.Escape(question.Groups["office"].Value);
        return Regex.Matches(s, $@"\b(?<other>[A-Z][a-z]+(an|ian|ese|ish|i|ch)|[A-Z][a-z]+'s)\s+(new\s+|former\s+|acting\s+)?{office}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)
            .Any(o => char.IsUpper(o.Groups["other"].Value[0]) && NationStem(o.Groups["other"].Value) != stem);
    }

    // "Russian" / "Russia's" → "Russ", "Afghan" → "Afgh", "Chinese" → "Chin": enough to find the country or its people.
    private static string NationStem(string nation)
    {
        var word = nation.EndsWith("'s", StringComparison.Ordinal) ? nation[..^2] : nation;
        foreach (var end in (string[])["ian", "ese", "ish", "an", "ia", "ch", "a", "i"])
            if (word.Length - end.Length >= 4 && word.EndsWith(end, StringComparison.Ordinal)) return word[..^end.Length];
        return word;
    }

    // The role noun in the sentence (singular or plural, any case), or for a spouse or child a word of that relation.
    private static bool NamesRole(string noun, string s)
    {
        var singular = Singular(noun.ToLowerInvariant());
        if (Regex.IsMatch(s, $@"\b{Regex.Escape(singular)}(s|es)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) return true;
        if (noun.Equals("children", StringComparison.OrdinalIgnoreCase)) return Regex.IsMatch(s, @"\bchild\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) || ChildWord().IsMatch(s);
        // A relation is also named from its other side: "Emma, sister of Duke Richard" answers "Who was Emma's brother?".
        return singular switch
        {
            "wife" or "husband" or "spouse" or "partner" => SpouseWord().IsMatch(s),
            "child" or "son" or "daughter" or "kid" or "father" or "mother" => ChildWord().IsMatch(s) || ParentWord().IsMatch(s),
            "brother" or "sister" => SiblingWord().IsMatch(s),
            _ => false,
        };
    }

    // "Sirhan was stabbed in the neck" with no "by" after it: the act is told without its doer.
    private static bool PassiveWithoutAgent(string verb, string s)
    {
        var m = Regex.Match(s, $@"\b(was|were|been|being|is|are|got)\s+(\w+ly\s+)?{Regex.Escape(verb)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success && !Regex.IsMatch(s[m.Index..], @"\bby\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    // The counted words of "How many fish species live on…" ("fish", "species"): up to three words after "many", cut at the
    // first auxiliary or preposition ("of" kept: "kinds of coral"); one of them (singular or plural, also as a word's end: "gunshots") is in the quote.
    // Counts of people, times or units of time are often said without the noun ("39 are confirmed dead"), so they stand;
    // so does "How many of the dead were kids?" (a part of a group the question names).
    private static bool NamesCounted(string phrase, string s)
    {
        if (phrase.StartsWith("of ", StringComparison.OrdinalIgnoreCase)) return true;
        var words = new List<string>();
        foreach (Match w in Word().Matches(phrase))
        {
            if (words.Count == 3 || CountStop().IsMatch(w.Value)) break;
            words.Add(w.Value);
        }
        var counted = words.Where(w => w.ToLowerInvariant() is not ("the" or "of" or "a" or "an")).ToList();
        if (counted.Count == 0 || counted.Any(w => GenericCount().IsMatch(Singular(w).ToLowerInvariant()))) return true;
        if (counted.Any(w => Regex.IsMatch(s, $@"({Regex.Escape(w)}|{Regex.Escape(Singular(w))}(s|es)?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
            return true;
        // The counted thing left unsaid after a number the question's own verb follows: "How many countries have
        // ratified the AfCFTA?" — "…only 27 have ratified the agreement".
        var rest = LongWord().Matches(phrase[(phrase.IndexOf(words[^1], StringComparison.Ordinal) + words[^1].Length)..])
            .Select(m => m.Value.ToLowerInvariant()).Where(w => !CountStop().IsMatch(w)).ToHashSet();
        return NumberThenWords().Matches(s)
            .Any(m => m.Groups["next"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => rest.Contains(w.ToLowerInvariant())));
    }

    // A capitalised word of the text that is not a weekday or month and not a word of the question.
    private static bool NamesNewCapitalised(HashSet<string> asked, string text) =>
        CapitalisedWord().Matches(text).Any(w => NewName(w.Value, asked));

    // Not a weekday or month, not a word of the question, nor its possessive ("Samoa's" for "…in Samoa?").
    private static bool NewName(string word, HashSet<string> asked) =>
        !CalendarWord().IsMatch(word) && !asked.Contains(word) && !(word.EndsWith("'s", StringComparison.Ordinal) && asked.Contains(word[..^2]));

    // The question's words, in any case: a capitalised word among them names nothing new.
    private static HashSet<string> QuestionWords(string question) =>
        Word().Matches(question).Select(w => w.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

    // The named thing's words, lower-case and singular ("stars" → "star").
    private static HashSet<string> SingularNouns(string thing) =>
        thing.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Singular(w.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);

    // A name set beside a description of the thing, even as the sentence's first word: "Frontex, the European Union
    // agency for external border security, …" (squad-dev) names the agency.
    private static bool NamedInApposition(HashSet<string> nouns, HashSet<string> asked, string s) =>
        Apposition().Matches(s).Any(m => !asked.Contains(m.Groups["name"].Value) && !StopWords.Contains(m.Groups["name"].Value.ToLowerInvariant())
            && m.Groups["words"].Captures.Any(c => nouns.Contains(Singular(c.Value.Trim().ToLowerInvariant()))));

    // "Frontex, the European Union agency": a capitalised name, a comma, an article and up to six words of description.
    [GeneratedRegex(@"\b(?<name>[A-Z][\w-]*)(\s+[A-Z][\w-]*)*,\s+(the|an?)\s+(?<words>[\w-]+\s*){1,6}", RegexOptions.CultureInvariant)]
    private static partial Regex Apposition();

    // Two or more capitalised words in a row, past the sentence's first word, none of them a word of the question: a
    // proper name ("Emergency Highway Energy Conservation Act").
    private static bool HasNewLongName(HashSet<string> asked, string s)
    {
        int run = 0, end = -1;
        foreach (Match w in Word().Matches(s))
        {
            bool name = char.IsUpper(w.Value[0]) && !OpensSentence(s, w.Index) && !asked.Contains(w.Value)
                && !StopWords.Contains(w.Value.ToLowerInvariant()) && !CalendarWord().IsMatch(w.Value);
            run = !name ? 0 : run > 0 && string.IsNullOrWhiteSpace(s[end..w.Index]) ? run + 1 : 1;
            if (run >= 2) return true;
            end = w.Index + w.Length;
        }
        return false;
    }

    // The word at this index is the first of its sentence ("Rescuers said the ship…"): its capital names nothing.
    private static bool OpensSentence(string s, int index)
    {
        var before = s[..index].TrimEnd();
        return before.Length == 0 || before[^1] is '.' or '!' or '?' or '"' or '“';
    }

    // The word, singular or plural, in any case.
    private static Regex WordForms(string word) =>
        new($@"\b{Regex.Escape(Singular(word))}(s|es)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    // A capitalised name the question does not give (not a weekday, a month or a function word such as "Its") within three
    // words before or after one of the named thing's words: "the toilet, an artwork entitled America", "star Proxima".
    private static bool NamedBeside(HashSet<string> nouns, HashSet<string> asked, string s)
    {
        var matches = Word().Matches(s);
        var words = matches.Select(w => w.Value).ToList();
        for (int i = 0; i < words.Count; i++)
        {
            if (!nouns.Contains(Singular(words[i].ToLowerInvariant()))) continue;
            for (int k = Math.Max(0, i - 3); k <= Math.Min(words.Count - 1, i + 3); k++)
            {
                var w = words[k];
                if (k == i || !char.IsUpper(w[0]) || OpensSentence(s, matches[k].Index) || StopWords.Contains(w.ToLowerInvariant()) || !NewName(w, asked)) continue;
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"[\w'-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"[A-Za-z]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongWord();

    // A number and up to three words after it: "27 have ratified the".
    [GeneratedRegex(@"\b\d[\d,.]*\s+(?<next>(\w+\s+){0,2}\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberThenWords();

    [GeneratedRegex(@"\b[A-Z][\w'-]*", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$", RegexOptions.CultureInvariant)]
    private static partial Regex CalendarWord();

    internal static string Singular(string noun) =>
        noun.EndsWith("ies", StringComparison.OrdinalIgnoreCase) ? noun[..^3] + "y" : noun.EndsWith('s') ? noun[..^1] : noun;

    [GeneratedRegex(@"^\s*how\s+(long|big|large|heavy)\s+(is|was|are|were|will)\b(?!.*\b(take|takes|took|last|lasts|lasted|ago|since|until)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeasureQuestion();

    [GeneratedRegex(@"^\s*how\s+(tall|high|deep|wide|far)\s+(is|was|are|were|will)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DistanceQuestion();

    [GeneratedRegex(@"(\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundreds?|thousands?|a))\s*-?\s*(km|kilomet(re|er)s?|mi|miles?|m|met(re|er)s?|ft|feet|foot|inch(es)?|cm|mm|yards?|storeys|stories|floors)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LengthMeasure();

    [GeneratedRegex(@"^\s*(how\s+old\s+(is|was|are|were)\b|(at\s+)?what\s+age\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeQuestion();

    // "Which state does Pelosi represent?" — a state as a place someone represents, comes from, lives or is based in
    // (not "what state of matter is oxygen in").
    [GeneratedRegex(@"\b(which|what)\s+(u\.?s\.?\s+)?state\b.*\b(represent|represents|represented|from|located|born|live|lives|lived|based|home|governor|senator)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StateQuestion();

    [GeneratedRegex(@"\b(which|what)\s+judge\b|\bwho\s+(is|was)\s+the\s+(presiding\s+)?judge\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JudgeQuestion();

    [GeneratedRegex(@"\b(which|what)\s+currenc(y|ies)\b|\bin\s+what\s+currency\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyQuestion();

    [GeneratedRegex(@"^\s*how\s+much\s+(did|does|do|will|would|is|was|were|has|had)\b.*\b(cost|costs|spend|spent|pay|paid)\b|^\s*what\s+(was|is|were|will\s+be)\s+the\s+(total\s+)?(cost|price)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CostQuestion();

    [GeneratedRegex(@"\b(which|what)\s+(?<noun>museums?|universit(y|ies)|colleges?|schools?|hospitals?|airports?|stadiums?|prisons?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InstitutionQuestion();

    // "Who is the Russian ambassador to Kabul?", "Who is France's new envoy…?": the nationality must be capitalised.
    [GeneratedRegex(@"\b(?i:who)\s+(?i:is|was|will\s+be)\s+(?i:the\s+)?(?i:new\s+|current\s+|acting\s+)?(?<nation>[A-Z][a-z]+(an|ian|ese|ish|i|ch)|[A-Z][a-z]+'s)\s+(?i:new\s+|current\s+|acting\s+)?(?<office>(?i:ambassador|envoy|consul|president|prime\s+minister|foreign\s+minister|defen[cs]e\s+minister|minister|chancellor|spokes(man|woman|person)|commander))\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex OfficeHolderQuestion();

    // The roles a "Who is the … of …?" question asks for by name: offices, authors, crews, relatives.
    private const string Roles = @"mayor|governor|president|premier|minister|chancellor|ambassador|envoy|consul|author|director|editor|founder|owner|chair|chairman|chairwoman|captain|coach|manager|commander|officer|pilot|driver|wife|husband|spouse|son|daughter|father|mother|brother|sister|successor|predecessor|spokesman|spokeswoman|spokesperson|secretary|senator|prosecutor|lawyer|attorney|sheriff|executive|ceo|leader|king|queen|sultan|emir|monarch|pope|bishop|archbishop";

    // "Who is the mayor of Magnitogorsk?", "Who was the Grayback's commanding officer…", "Who is Mahan's director?".
    [GeneratedRegex(@"^\s*who\s+(is|was|are|were|will\s+be)\s+((the\s+)?([\w.-]+\s+){0,2}[\w.-]+'s\s+|the\s+)((new|current|former|first|last|lead|chief|commanding|then|present|acting|prime|deputy|vice|executive|head)\s+)*(?<noun>" + Roles + @")\b(?!\s+(who|that|which)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RoleQuestion();

    // "What is the name of Chadwick Boseman's wife?", "What was the name of the officer who shot…?".
    [GeneratedRegex(@"\bthe\s+name\s+of\s+((the\s+)?([\w.-]+\s+){0,2}[\w.-]+'s\s+|the\s+)(\w+\s+)?(?<noun>" + Roles + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameOfRoleQuestion();

    [GeneratedRegex(@"^\s*where\s+(was|were|is)\b.*\bborn\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BirthplaceQuestion();

    [GeneratedRegex(@"\b(born|native|hometown|birthplace|grew\s+up|raised)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BirthWord();

    [GeneratedRegex(@"\b(of|from)\s+[A-Z][a-z]", RegexOptions.CultureInvariant)]
    private static partial Regex Origin();

    [GeneratedRegex(@"^\s*how\s+many\s+(?<phrase>(?<counted>\w+).*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountQuestion();

    [GeneratedRegex(@"^(do|does|did|is|are|was|were|has|have|had|will|would|can|could|in|on|at|to|for|from|by|with|during|since|after|before)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountStop();

    [GeneratedRegex(@"^(people|person|time|more|other|year|day|month|week|hour|minute|second)$", RegexOptions.CultureInvariant)]
    private static partial Regex GenericCount();

    // "Which company made…?", "What airline owned the plane?" (not "Which company's oil plants…": that asks for plants).
    [GeneratedRegex(@"\b(which|what)\s+(company|companies|firm|firms|airline|airlines)\b(?!')", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CompanyQuestion();

    // "What is the name of the star that K2-18b orbits?", "What's the name of the piece?" (not "What does the name … mean?"):
    // the named thing is up to three words, cut at a relative word, a preposition or a verb of being.
    [GeneratedRegex(@"^\s*what('s|\s+is|\s+was|\s+are|\s+were|\s+will\s+be)\s+the\s+names?\s+of\s+((the|an?|this|that|its|their|his|her)\s+)?([\w.-]+(\s+[\w.-]+)?'s\s+)?(?<thing>[\w-]+(\s+(?!(that|which|who|whom|where|when|in|of|at|on|for|from|to|with|by|is|was|are|were|did|does|do|has|had|have)\b)[\w-]+){0,2})",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameOfQuestion();

    [GeneratedRegex(@"\b(named|called|entitled|titled|dubbed|nicknamed|known\s+as|identified\s+as|identity|name[sd]?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamingWord();

    // "What is the largest ocean on Earth?", "Which is the longest river in Africa?": the asked thing is the one or two words
    // after the superlative, cut at a preposition or a relative word.
    [GeneratedRegex(@"^\s*(what|which)\s+(is|was|are|were)\s+the\s+((world|country|city|nation|region)'s\s+)?(largest|biggest|longest|highest|tallest|oldest|youngest|smallest|fastest|deepest|greatest|widest|heaviest|busiest|richest|(most|least)\s+[a-z]+)\s+(?<noun>[a-z][\w-]*(\s+(?!(in|of|on|at|to|for|from|that|which|who|ever|by)\b)[a-z][\w-]*)?)(\s+of\s+(?<of>[\w-]+))?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SuperlativeQuestion();

    // "Who owns ABS-CBN Corporation?", "Who owned the tavern?".
    [GeneratedRegex(@"^\s*who\s+(owns|owned|now\s+owns|controls|controlled)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnerQuestion();

    [GeneratedRegex(@"\b(own|owns|owned|owner|owners|ownership|belongs?|belonged|belonging|subsidiary|parent|stake|shareholders?|bought|acquired|purchased|controls?|controlled|holding)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwnershipWord();

    // "Which constituency does Boris Johnson represent?" (a district that someone represents or sits for, not "What district
    // of Warsaw chose the President").
    [GeneratedRegex(@"\b(which|what)\s+(constituency|district|riding|electorate|seat|ward)\b.*\b(represent|represents|represented|sit|sits|sat|MP|elected)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConstituencyQuestion();

    [GeneratedRegex(@"\b(constituency|constituencies|district|riding|electorate|seat|ward|represents?|represented|representing|(MP|member|Member|senator|congressman|congresswoman)\s+for)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeatWord();

    // "How much did oil prices rise…?", "From 1947 to 1967, how much did the price of oil increase?".
    [GeneratedRegex(@"\bhow\s+much\s+(did|does|do|has|have|had|will|would|is|was|were)\b.*\b(rise|rises|rose|risen|fall|falls|fell|fallen|increase|increased|drop|dropped|climb|climbed|jump|jumped|grow|grew|grown|decline|declined|gain|gained|shrink|shrank|go\s+up|went\s+up|go\s+down|went\s+down)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeQuestion();

    [GeneratedRegex(@"%|\bper\s*cent\b|\bpercent(age)?\b|\b(doubled|tripled|halved|quadrupled)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b(by|to|from)\s+(about\s+|around\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+|less\s+than\s+)?[$€£¥]?\d", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeTo();

    // "Where does Maurizio Cattelan live?", "Where is the company based?".
    [GeneratedRegex(@"^\s*where\s+(does|do|did|is|was|are|were)\b.*\b(live|lives|lived|living|reside|resides|resided|based|headquartered)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HomeQuestion();

    [GeneratedRegex(@"\b(live|lives|lived|living|resides?|resided|resident|residence|home|hometown|based|headquarter(s|ed)?|moved|settled)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DwellingWord();

    [GeneratedRegex(@"\b(in|from|at)\s+(the\s+)?[A-Z][a-z]", RegexOptions.CultureInvariant)]
    private static partial Regex InPlace();

    // Counts a sentence gives without a number: "no deaths", "both men", "All, including Qawi, …" (not "all-women"), and
    // vague ones ("several", "a few", "a handful").
    [GeneratedRegex(@"\b(no|none|both|neither|nobody|no-one|all(?!-)|several|few|numerous|multiple|handful|many)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountWord();

    [GeneratedRegex(@"^(children|sons|daughters|kids|grandchildren|wives|husbands|siblings|brothers|sisters)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"\b(wife|husband|spouse|married|marriage|widow|widower|partner)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpouseWord();

    [GeneratedRegex(@"\b(children|son|sons|daughter|daughters|kids|grandchildren)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChildWord();

    [GeneratedRegex(@"\b(father|mother|parents?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ParentWord();

    [GeneratedRegex(@"\b(brothers?|sisters?|siblings?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SiblingWord();

    // "Who stabbed Sirhan Sirhan?": "who" + a regular past-tense verb + its object (a name or a noun phrase; not "Who scored first?").
    [GeneratedRegex(@"^\s*who\s+(?<verb>[a-z]{3,}ed)\s+(the|a|an|his|her|their|its|(?-i:[A-Z])\w*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoerQuestion();

    // A digit, or a cardinal number word (not "first", "most" or "several": they measure nothing).
    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(an?|one|few|several|some)\s+(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(y|ies))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b\d{1,3}-year-old\b|\b(aged?|age\s+of)\s+\d{1,3}\b|\b\w+\s+(years?|months?|weeks?|days?)\s+old\b|\b(\w+)-year-old\b|\byears\s+old\b|\bborn\b|,\s*\d{1,3}\s*,|\(\d{1,3}\)|\b(teen|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b|\b(is|was|were|are|turned)\s+((about|around|nearly|almost|only|just|roughly)\s+)?\d{1,3}(?=\s*([,.;)]|and\b|when\b|at\b|$))|\bcentur(y|ies)\b|\bdate[sd]?\s+(back\s+)?to\b|\bago\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgeExpression();

    // A US state by name, not a newspaper or university named after one.
    [GeneratedRegex(@"\b(Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming)\b(?!\s+(Post|Times|Daily|Herald|University))",
        RegexOptions.CultureInvariant)]
    private static partial Regex UsState();

    [GeneratedRegex(@"\b[A-Z][a-z]+\s+State\b(?<!United\s+State)|\bstate\s+of\s+[A-Z]", RegexOptions.CultureInvariant)]
    private static partial Regex NamedState();

    [GeneratedRegex(@"\b(Judge|Justice|Magistrate)\s+[A-Z]|\b(judge|justice|magistrate)\s+[A-Z][a-z]", RegexOptions.CultureInvariant)]
    private static partial Regex JudgeName();

    [GeneratedRegex(@"[$€£¥₦₹]|\b(USD|EUR|GBP|JPY|CNY)\b|\b(dollars?|euros?|pounds?\s+sterling|sterling|yen|yuan|renminbi|rupees?|francs?|naira|rand|shillings?|pesos?|roubles?|rubles?|lira|dinars?|dirhams?|riyals?|won|kron(a|e|or|er)|cedis?|kwacha|eco|bitcoin|marks?|guilders?)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyWord();

    [GeneratedRegex(@"[$€£¥₦₹]|\b(USD|EUR|GBP)\b|\b(dollars?|euros?|pounds|yen|yuan|rupees?|francs?|naira|rand|pesos?|free|charge)\b|\b\d[\d,.]*\s*(million|billion|trillion)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    // "While many transactions in Africa occur using U.S. dollars or euros, " — a leading concessive clause.
    // The clause ends at its comma, never past the sentence's end ("…in Europe. The clinical section … 700 beds, …").
    [GeneratedRegex(@"^\s*(While|Although|Though|Whereas|Unlike)\b(?:[^,;.]|\.(?!\s+[A-Z])){0,200},\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Concession();
}
