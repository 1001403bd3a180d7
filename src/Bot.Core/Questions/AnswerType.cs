namespace Bot.Core.Questions;

/// <summary>What kind of text would answer the question.</summary>
public enum AnswerType
{
    Unknown,
    Date,
    Person,
    Number,
    Quantity,
    Place,
    Quotation,
    Reason,
    Manner,
    Entity,
}
