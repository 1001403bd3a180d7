namespace Bot.Discord.Bot;

/// <summary>What <see cref="QuestionAdmission.AdmitAsync"/> decided.</summary>
/// <param name="Verdict">Accepted, busy, limited or ignored.</param>
/// <param name="Text">For <see cref="AdmissionVerdict.Busy"/> and <see cref="AdmissionVerdict.Limited"/>: the reply.</param>
/// <param name="Place">For <see cref="AdmissionVerdict.Accepted"/>: dispose it once the answer is sent.</param>
public sealed record AdmissionResult(AdmissionVerdict Verdict, string? Text, IDisposable? Place);
