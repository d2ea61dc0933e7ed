using CiAgent.Cli;

return await CommandLine.InvokeAsync(args, Console.Out, Console.Error);
