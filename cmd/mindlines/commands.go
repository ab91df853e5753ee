package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// command is one subcommand, in the manner of cmd/go's base.Command.
type command struct {
	Name      string
	UsageLine string
	Short     string
	Long      string
	Run       func(ctx context.Context, cmd *command, args []string, stdout, stderr io.Writer) error
	Flag      func(fs *flag.FlagSet) any // declares the flags; returns the struct that holds them
}

var commands []*command

func init() {
	commands = []*command{buildCmd, checkCmd, serveCmd, versionCmd, helpCmd}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		usage(stderr)
		return errUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands {
		if c.Name == name {
			return c.Run(ctx, c, args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "mindlines: unknown command %q\n", name)
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "mindlines turns a folder of markdown reflections into a linked static blog.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w)
	for _, c := range commands {
		fmt.Fprintf(w, "\tmindlines %-10s %s\n", c.Name, c.Short)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "mindlines help <command>" for a command's flags.`)
}

// parseFlags parses a command's flags, which may come before, between or
// after its other arguments, and returns those arguments; -h prints its help.
func parseFlags(c *command, fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	fs.SetOutput(stderr)
	fs.Usage = func() { commandHelp(stderr, c, fs) }
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, errHelp
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		if args[0] == "--" {
			return append(positional, args[1:]...), nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func commandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", c.UsageLine, strings.TrimSpace(c.Long))
	if fs != nil {
		fmt.Fprintln(w, "\nFlags (-flag and --flag both work):")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

var versionCmd = &command{
	Name:      "version",
	UsageLine: "mindlines version",
	Short:     "print the version",
	Long:      "Version prints the version of mindlines and the Go toolchain that built it.",
	Run: func(ctx context.Context, c *command, args []string, stdout, stderr io.Writer) error {
		fmt.Fprintln(stdout, "mindlines", version())
		return nil
	},
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
	}
	return v + " " + info.GoVersion
}

var helpCmd = &command{
	Name:      "help",
	UsageLine: "mindlines help [command]",
	Short:     "show help for a command",
	Long:      "Help shows what a command does and its flags.",
	Run: func(ctx context.Context, c *command, args []string, stdout, stderr io.Writer) error {
		if len(args) == 0 {
			usage(stdout)
			return nil
		}
		for _, c := range commands {
			if c.Name == args[0] {
				var fs *flag.FlagSet
				if c.Flag != nil {
					fs = flag.NewFlagSet(c.Name, flag.ContinueOnError)
					c.Flag(fs)
				}
				commandHelp(stdout, c, fs)
				return nil
			}
		}
		fmt.Fprintf(stderr, "mindlines help: unknown command %q\n", args[0])
		return errUsage
	},
}
