namespace Bot.Core.Answering;

/// <summary>Weights of the sentence scorer and the abstention threshold (section `Bot:Scoring`).</summary>
public sealed class ScoringWeights
{
    /// <summary>A folder of ranking model files (as `Bot.Train --out` writes them) used instead of the shipped ones; empty: the shipped models.</summary>
    public string? ModelsPath { get; set; }

    /// <summary>
    /// Read a sentence whose subject is a pronoun, a role or an unattributed quotation with its antecedent's names
    /// (term matching and the token re-ranker); see <see cref="SentenceContext"/>.
    /// </summary>
    public bool ReadInContext { get; set; } = true;

    public double Coverage { get; set; } = 1.0;
    public double Context { get; set; } = 0.35;
    public double Proximity { get; set; } = 0.15;
    public double AnswerType { get; set; } = 0.25;
    public double PassageRank { get; set; } = 0.10;
    public double VariantMatch { get; set; } = 0.7;
    public double PrefixMatch { get; set; } = 0.5;
    public double NoNewInformationPenalty { get; set; } = 0.3;

    /// <summary>Below this evidence (weighted coverage of question terms, sentence + context) the bot abstains.</summary>
    public double AbstainBelow { get; set; } = 0.5;

    /// <summary>
    /// Abstain when the abstention classifier's confidence is below this (null = the threshold shipped with the model).
    /// Only used when the learned models ship; otherwise <see cref="AbstainBelow"/> applies.
    /// </summary>
    public double? AbstainThreshold { get; set; }

    /// <summary>
    /// The abstention threshold a best sentence from a document <see cref="Documents.GenreDetector"/> reads as wire-style
    /// news is held to (reference documents keep <see cref="AbstainThreshold"/> or the model's). Null (the default): the
    /// trees file's own news threshold (<c>newsThreshold</c> in <c>Answering/Ranking/Models/abstainer-trees-vectors.json</c>,
    /// set by the trainer at retraining: the 5 % quantile of news-train's answerable questions held out by article), or one
    /// threshold for every document when the file has none (the lexical set).
    /// Only used when the learned models ship.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double? NewsAbstainThreshold { get; set; }

    /// <summary>
    /// The first quote takes in an adjacent sentence the ranker rates at least this share of the best (0 = never).
    /// Tuned on the squad-dev tuning half within the quote-length budget (mean first quote ≤ 1.3 × mean sentence).
    /// </summary>
    public double MergeNeighbourRatio { get; set; } = 0.35;

    /// <summary>Longest two-sentence first quote, in characters.</summary>
    public int MergeMaxChars { get; set; } = 400;

    /// <summary>
    /// Longest first quote that takes in the sentence before a best sentence opening with a pronoun, in characters
    /// (longer pronoun merges cost length without finding more answers on the squad-dev tuning half).
    /// </summary>
    public int PronounMergeMaxChars { get; set; } = 300;

    /// <summary>
    /// The first quote takes in an adjacent sentence holding the expected date, number, quantity, person or place when
    /// the best sentence holds none.
    /// </summary>
    public bool MergeForAnswerType { get; set; } = true;

    /// <summary>
    /// For a question that asks for a named person's words ("How did Ostrom describe…?", "…, according to Ruiz?"), the
    /// first quote is the best of the ranker's first three candidates that gives that person's words (a quotation
    /// attributed to them, in the sentence or in the one before it), when the best sentence does not.
    /// </summary>
    public bool PreferSpeakerWords { get; set; } = true;

    /// <summary>
    /// For a question about the last of a counted set ("the last of the eight bodies"), the first quote is the best of the
    /// ranker's first three candidates that names it by the ordinal ("The eighth…"), when the best sentence does not.
    /// </summary>
    public bool PreferOrdinalReference { get; set; } = true;

    /// <summary>
    /// For a question that asks what followed an event ("What went wrong after their strong start?"), the first quote
    /// also spans the sentence after the best one when that opens with a sequence word ("Then…", "Later…").
    /// </summary>
    public bool SpanSequel { get; set; } = true;

    /// <summary>
    /// Refuse a near miss: when the question asks for a length, age, state, judge, currency, cost or a named museum or
    /// university and the first quote holds none, answer "not found" with that quote as the closest, not an answer.
    /// </summary>
    public bool RefuseNearMisses { get; set; } = true;

    /// <summary>
    /// The near-miss attributes added from news-train's failures: a role or relative asked by name ("Who is the mayor of
    /// …?", "the name of X's wife"), a birthplace, a count ("How many …?" needs a number and the counted thing), the doer of
    /// an act ("Who stabbed X?" is not answered by "X was stabbed" without "by"), which company or airline, where someone
    /// lives, who owns something, which constituency someone represents and how much something rose or fell. Only read
    /// when <see cref="RefuseNearMisses"/> is on.
    /// </summary>
    public bool ExtendedNearMisses { get; set; } = true;

    /// <summary>
    /// When the question asks for an attribute (<see cref="RefuseNearMisses"/>' list: an age, a length, a count, a role…)
    /// that the best sentence lacks, the best of the ranker's first three candidates that holds one leads instead; the
    /// near-miss check then reads that one.
    /// </summary>
    public bool PreferAskedAttribute { get; set; } = true;

    /// <summary>
    /// For a yes/no question whose best sentence negates nothing, the best of the ranker's first three candidates that
    /// holds a negation ("did not find", "no deaths", "were acquitted"; "the first" for "ever … before?") leads when it
    /// scores at least this share of the best (0 = never).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double YesNoNegationRatio { get; set; } = 0.3;

    /// <summary>
    /// The first quote also spans the next sentence of the best one's paragraph when that sentence continues it (its
    /// subject is a pronoun, a role or an unattributed quotation: "They found…", "The industry publication stated…")
    /// and it is among the ranker's first three candidates at no less than this share of the best (0 = never).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double ContinuationMergeRatio { get; set; } = 0.1;

    /// <summary>
    /// How many of the first-stage ranker's best candidates the late-interaction re-ranker reads (packaged ONNX model
    /// only); each new one costs one pass of the model, so this bounds a question's cost.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int RerankDepth { get; set; } = 10;

    /// <summary>
    /// Of the <see cref="RerankDepth"/> candidates, the token re-ranker reads the best two and each further one whose
    /// first-stage score is at most this far below the best (first-stage logit units); 0 re-ranks all of them. A decisive
    /// first stage then costs the question fewer forward passes.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.0, 100.0)]
    public double RerankMargin { get; set; } = 5;

    /// <summary>Further quotes must score at least this share of the first.</summary>
    public double FollowUpQuoteRatio { get; set; } = 0.75;
}
