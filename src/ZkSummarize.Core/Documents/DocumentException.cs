namespace ZkSummarize.Core.Documents;

/// <summary>Why a text cannot become a <see cref="Document"/>.</summary>
public enum DocumentError
{
    /// <summary>No sentence is left after normalisation.</summary>
    Empty,
    /// <summary>The bytes are not valid UTF-8, or the string holds an unpaired surrogate.</summary>
    InvalidEncoding,
    /// <summary>Control characters that never occur in text (NUL and friends): probably a binary file.</summary>
    BinaryContent,
    /// <summary>More sentences than the commitment tree holds.</summary>
    TooManySentences,
}

/// <summary>A text that cannot be committed to or summarised, with what to do about it.</summary>
public sealed class DocumentException : Exception
{
    public DocumentException(DocumentError error, string message) : base(message) => Error = error;

    public DocumentException(DocumentError error, string message, Exception inner) : base(message, inner) => Error = error;

    public DocumentError Error { get; }
}
