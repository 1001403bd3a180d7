namespace Bot.Core.Text;

/// <summary>Folds common British spellings to American ones so "recognise" matches "recognize".</summary>
public static class SpellingVariants
{
    private static readonly (string British, string American)[] Endings =
    [
        ("isation", "ization"), ("isations", "izations"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"),
        ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
        ("ogue", "og"), ("ogues", "ogs"),
        ("ourable", "orable"), ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"),
        ("tre", "ter"), ("tres", "ters"),
        ("elled", "eled"), ("elling", "eling"), ("ence", "ense"),
    ];

    // Words where the British-looking ending is not a spelling variant.
    private static readonly HashSet<string> Keep = new(StringComparer.Ordinal)
    {
        "rise", "wise", "otherwise", "likewise", "clockwise", "precise", "concise", "premise", "promise", "compromise",
        "enterprise", "exercise", "expertise", "franchise", "merchandise", "surprise", "advertise", "advise", "supervise",
        "revise", "devise", "televise", "improvise", "disguise", "despise", "demise", "excise", "incise", "noise", "poise",
        "raise", "praise", "cruise", "bruise", "arise", "guise", "chemise", "treatise", "paradise", "mortise", "tortoise",
        "our", "ours", "four", "hour", "hours", "pour", "tour", "tours", "sour", "flour", "your", "yours", "course", "source",
        "fence", "hence", "pence", "sentence", "science", "silence", "essence", "absence", "presence", "evidence", "sequence",
        "influence", "confidence", "conference", "difference", "reference", "experience", "audience", "violence", "residence",
        "existence", "independence", "intelligence", "occurrence", "consequence", "preference", "once", "since", "whence",
        "centre", "theatre", "metre", "litre", "fibre", "spectre", "sabre", "genre", "acre", "massacre", "mediocre", "ogre",
        "lucre", "cadre", "timbre", "macabre", "entre", "chancre", "pledge", "vogue", "rogue", "league", "tongue", "plague",
        "vague", "colleague", "fatigue", "intrigue", "synagogue", "demagogue",
    };

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["centre"] = "center", ["centres"] = "centers", ["theatre"] = "theater", ["theatres"] = "theaters",
        ["metre"] = "meter", ["metres"] = "meters", ["litre"] = "liter", ["litres"] = "liters", ["fibre"] = "fiber",
        ["defence"] = "defense", ["offence"] = "offense", ["licence"] = "license", ["pretence"] = "pretense",
        ["grey"] = "gray", ["programme"] = "program", ["programmes"] = "programs", ["catalogue"] = "catalog",
        ["dialogue"] = "dialog", ["analogue"] = "analog", ["travelled"] = "traveled", ["travelling"] = "traveling",
        ["cancelled"] = "canceled", ["labelled"] = "labeled", ["modelling"] = "modeling", ["jewellery"] = "jewelry",
        ["aluminium"] = "aluminum", ["tyre"] = "tire", ["tyres"] = "tires", ["cheque"] = "check", ["plough"] = "plow",
        ["organisation"] = "organization", ["organisations"] = "organizations",
    };

    public static string ToAmerican(string lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        if (Words.TryGetValue(lower, out var w)) return w;
        if (lower.Length < 5 || Keep.Contains(lower)) return lower;
        foreach (var (british, american) in Endings)
        {
            if (american == "ense" || british == "ence") continue; // only via the word table: too many false friends
            if (lower.EndsWith(british, StringComparison.Ordinal) && lower.Length - british.Length >= 3)
                return string.Concat(lower.AsSpan(0, lower.Length - british.Length), american);
        }
        return lower;
    }
}
