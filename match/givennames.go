package match

// moreGivenNames are common English-language given names that the
// nickname table (givenNames) does not list because they have no
// nicknames worth mapping. Together they let the scorer tell two real
// names apart however alike they are written (Darla and Darlene, Marsha
// and Mark): a typo seldom turns one name into another. Written for
// contactgate from general knowledge, folded (NameKey form). Two
// spellings of one name more than a letter apart (Isabel, Isabella) are
// not both listed: one letter is what the scorer forgives between two
// listed names.
var moreGivenNames = []string{
	// Women.
	"abigail", "ada", "adele", "adrienne", "agnes", "aileen", "aisha", "alana", "alice", "alicia", "alison",
	"allison", "alma", "amanda", "amber", "amelia", "amy", "andrea", "angela", "angelina", "anita", "annabelle",
	"annette", "april", "ariana", "audrey", "ava", "barbara", "beatrice", "belinda", "bella", "bernadette",
	"bethany", "beverly", "bianca", "bonnie", "brenda", "brianna", "bridget", "brittany", "brooke", "camille",
	"candace", "cara", "carla", "carmen", "carolyn", "cassandra", "cecilia", "celeste", "charlotte", "chelsea",
	"cheryl", "chloe", "claire", "clara", "claudia", "colleen", "connie", "constance", "cora", "courtney",
	"crystal", "cynthia", "daisy", "dana", "daphne", "darla", "darlene", "darletta", "dawn", "deborah", "deirdre",
	"delia", "denise", "diana", "diane", "dolores", "doreen", "doris", "dorothy", "edith", "eileen", "elaine",
	"eleanor", "elena", "elise", "ella", "eloise", "emily", "emma", "erica", "erin", "esther", "ethel", "eva",
	"evelyn", "faith", "felicity", "fiona", "florence", "frances", "freya", "gabrielle", "gemma", "georgia",
	"geraldine", "gina", "gladys", "gloria", "grace", "gwendolyn", "hannah", "harriet", "hazel", "heather",
	"heidi", "helen", "hilary", "holly", "ida", "imogen", "irene", "iris", "isabella", "isla", "ivy",
	"jacqueline", "jade", "jane", "janet", "janice", "jasmine", "jean", "jeanette", "jenna", "jessica", "jill",
	"joan", "joanna", "jocelyn", "josephine", "joy", "joyce", "judith", "julia", "julie", "june", "karen",
	"kayla", "kelly", "kerry", "kimberly", "kristen", "kristin", "laura", "lauren", "leah", "leila", "leslie",
	"lillian", "lily", "linda", "lisa", "lois", "lorna", "lorraine", "louise", "lucy", "lydia", "lynn", "mabel",
	"madeline", "maisie", "mandy", "marcia", "margo", "maria", "marian", "marie", "marilyn", "marion", "marjorie",
	"marla", "marlene", "marsha", "martha", "mary", "maureen", "maxine", "maya", "megan", "melanie", "melissa",
	"mia", "michelle", "mila", "mildred", "millie", "miranda", "miriam", "molly", "monica", "muriel", "nadia",
	"naomi", "natalie", "nicole", "nina", "nora", "norma", "olive", "olivia", "paige", "pamela", "paula",
	"pauline", "pearl", "penelope", "phoebe", "phyllis", "poppy", "priscilla", "rachel", "rebecca", "regina",
	"renee", "rhonda", "rita", "roberta", "robin", "rosa", "rosalind", "rose", "rosemary", "ruby", "ruth",
	"sabrina", "sally", "samantha", "sandra", "sara", "sarah", "scarlett", "selina", "shannon", "sharon", "sheila",
	"shirley", "sienna", "simone", "sonia", "sophia", "stacy", "stella", "stephanie", "sylvia", "tamara",
	"tanya", "tara", "teresa", "tiffany", "tina", "tracy", "valerie", "vanessa", "vera", "veronica", "violet",
	"virginia", "vivian", "wanda", "wendy", "yvonne", "zara", "zoe",
	// Men.
	"aaron", "adam", "adrian", "aidan", "alan", "albert", "alfie", "alvin", "amir", "angus", "archie",
	"arnold", "arthur", "austin", "barry", "bernard", "blake", "bradley", "brandon", "brendan", "brian", "bruce",
	"bryan", "byron", "caleb", "calvin", "cameron", "carl", "carlos", "cecil", "chad", "clarence", "claude",
	"clayton", "clifford", "clinton", "colin", "connor", "craig", "curtis", "dale", "damian", "darren", "darryl",
	"dean", "dennis", "derek", "desmond", "dominic", "douglas", "duncan", "dustin", "dylan", "earl", "eli",
	"elijah", "elliot", "emmanuel", "eric", "ernest", "ethan", "eugene", "evan", "felix", "fernando", "finley",
	"floyd", "francis", "frank", "gary", "gavin", "george", "glen", "glenn", "gordon", "graham", "grant", "guy",
	"harold", "harrison", "harvey", "hector", "henry", "herbert", "horace", "howard", "hugh", "hugo", "ian",
	"isaac", "ivan", "jacob", "jared", "jason", "jasper", "jay", "jesse", "joel", "jordan", "jorge", "joshua",
	"juan", "julian", "justin", "karl", "keith", "kevin", "kyle", "lance", "leo", "leon", "leonard",
	"lewis", "liam", "lionel", "logan", "louis", "lucas", "luke", "malcolm", "marcus", "mario", "mark", "marshall",
	"martin", "marvin", "mason", "maurice", "max", "melvin", "miles", "milton", "mohamed", "morris",
	"murray", "nathan", "neil", "nelson", "nigel", "noah", "noel", "norman", "oliver", "omar", "oscar", "owen",
	"paul", "pedro", "percy", "perry", "peter", "phillip", "preston", "quentin", "ralph", "randall", "reginald",
	"rhys", "riley", "roger", "roland", "roy", "russell", "ryan", "scott", "sean", "sebastian", "seth", "shane",
	"sidney", "simon", "spencer", "stanley", "stuart", "terence", "terry", "theo", "toby", "todd", "travis",
	"trevor", "troy", "tyler", "victor", "vincent", "wade", "walter", "warren", "wayne", "wesley", "wilfred",
	"xavier", "zachary",
}

// givenNameSet holds moreGivenNames.
var givenNameSet = func() map[string]bool {
	m := make(map[string]bool, len(moreGivenNames))
	for _, n := range moreGivenNames {
		m[n] = true
	}
	return m
}()
