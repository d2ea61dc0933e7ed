namespace CiAgent.Strategies.Offline;

/// <summary>How much of a compilation's errors a list of them holds, while fixes are judged against it.</summary>
public enum ErrorScope
{
    /// <summary>Every error of the compilation.</summary>
    Whole,

    /// <summary>Every error of the files the list names; the other files are taken to bind as they did before any edit.</summary>
    Files,

    /// <summary>Only the parse errors: all a compiler that met one reports, as it stops before binding anything.</summary>
    Parse,
}
