namespace Bookstore.Core;

/// <summary>A book on sale.</summary>
public sealed record Book(string Isbn, string Title, decimal Price);
