# Command-line tools: each parses options, calls libfamfs, prints.
