"""Reference lists for the synthetic data set: the 43 areas, names, courts and offences.

Names are drawn with skew (common names first in each list), so that search sees realistic
collisions: many Smiths, few Nowaks. The lists include the awkward cases search must handle:
apostrophes, hyphens, diacritics, spelling variants that sound alike (Smith/Smyth, Jon/John).
"""

# England and Wales' 43 territorial police force areas: (code, name, population in thousands,
# postcode area used for synthetic postcodes). Clients and staff are spread by population.
AREAS = [
    ("MET", "Metropolitan Police", 8900, "SE"), ("WMD", "West Midlands", 2930, "B"),
    ("GMP", "Greater Manchester", 2870, "M"), ("TVP", "Thames Valley", 2420, "OX"),
    ("WYK", "West Yorkshire", 2350, "LS"), ("HAM", "Hampshire", 2000, "SO"),
    ("KNT", "Kent", 1870, "ME"), ("ESX", "Essex", 1850, "CM"), ("DCP", "Devon and Cornwall", 1800, "PL"),
    ("ASP", "Avon and Somerset", 1700, "BS"), ("SSX", "Sussex", 1700, "BN"), ("LAN", "Lancashire", 1530, "PR"),
    ("NUM", "Northumbria", 1500, "NE"), ("MER", "Merseyside", 1430, "L"), ("SYP", "South Yorkshire", 1400, "S"),
    ("SWP", "South Wales", 1330, "CF"), ("WMC", "West Mercia", 1300, "WR"), ("HRT", "Hertfordshire", 1200, "AL"),
    ("SRY", "Surrey", 1200, "GU"), ("NTT", "Nottinghamshire", 1160, "NG"), ("STS", "Staffordshire", 1140, "ST"),
    ("CHE", "Cheshire", 1100, "CW"), ("LEI", "Leicestershire", 1100, "LE"), ("DBY", "Derbyshire", 1050, "DE"),
    ("HUM", "Humberside", 930, "HU"), ("NFK", "Norfolk", 920, "NR"), ("CAM", "Cambridgeshire", 900, "CB"),
    ("NYK", "North Yorkshire", 830, "YO"), ("NTH", "Northamptonshire", 790, "NN"), ("DOR", "Dorset", 780, "DT"),
    ("LIN", "Lincolnshire", 770, "LN"), ("SFK", "Suffolk", 760, "IP"), ("WLT", "Wiltshire", 730, "SN"),
    ("BDF", "Bedfordshire", 700, "MK"), ("NWP", "North Wales", 700, "LL"), ("DUR", "Durham", 640, "DH"),
    ("GLS", "Gloucestershire", 640, "GL"), ("GWE", "Gwent", 600, "NP"), ("WAR", "Warwickshire", 600, "CV"),
    ("CLE", "Cleveland", 570, "TS"), ("DYP", "Dyfed-Powys", 520, "SA"), ("CUM", "Cumbria", 500, "CA"),
    ("COL", "City of London", 10, "EC"),
]

MALE_GIVEN = [
    "James", "John", "Jon", "David", "Michael", "Daniel", "Paul", "Mark", "Lee", "Craig", "Christopher", "Kristopher",
    "Andrew", "Thomas", "Ryan", "Jamie", "Stephen", "Steven", "Matthew", "Richard", "Robert", "Wayne", "Dean",
    "Darren", "Scott", "Liam", "Connor", "Kieran", "Jordan", "Nathan", "Adam", "Ashley", "Gary", "Kevin", "Martin",
    "Anthony", "Peter", "Simon", "Stuart", "Carl", "Karl", "Shaun", "Sean", "Seán", "Jason", "Ben", "Luke", "Aaron",
    "Callum", "Jake", "Joshua", "Mohammed", "Muhammad", "Ali", "Imran", "Tariq", "Hamza", "Piotr", "Tomasz", "Marek",
    "Dariusz", "Kwame", "Tyrone", "Delroy", "Leon", "Marcus", "Reece", "Rhys", "Dylan", "Gareth", "Owain", "Iain",
    "Ian", "Neil", "Niall", "Declan", "Padraig", "José", "Luis", "Ahmed", "Yusuf", "Bartłomiej", "Søren", "Zak",
]
FEMALE_GIVEN = [
    "Sarah", "Emma", "Laura", "Gemma", "Kelly", "Lisa", "Claire", "Clare", "Michelle", "Nicola", "Rebecca",
    "Katherine", "Catherine", "Kathryn", "Hannah", "Jade", "Chloe", "Chloé", "Zoë", "Zoe", "Amy", "Stacey", "Leanne",
    "Donna", "Tracey", "Joanne", "Siobhan", "Aoife", "Niamh", "Amina", "Fatima", "Aisha", "Agnieszka", "Magdalena",
    "Shanice", "Keisha", "Rhiannon", "Ffion", "Bethan", "Sian",
]
# Commonest first. A name's chance falls with its place in the list (reports/synthetic/people.py).
FAMILY = [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
    "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
    "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark",
    "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker",
    "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey",
    "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson",
    "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason",
    "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight",
    "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Stephens", "Jenkins", "Murray", "Dixon", "Harvey",
    "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott",
    "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson",
    "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan",
    "Grant", "Wells", "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster",
    "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone",
    "Reid", "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy",
    "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess",
    "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls",
    "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Connor",
    "Harper", "Coleman", "Watkins", "Moss", "McCarthy", "Chambers", "O'Neill", "Griffin", "Sharp", "Hardy", "Wheeler",
    "Potter", "Osborne", "Johnston", "Gordon", "Doyle", "Wallace", "George", "Jordan", "Hutchinson", "Rowe", "Burke",
    "May", "Pritchard", "Gilbert", "Willis", "Higgins", "Read", "Miles", "Stevenson", "Stephenson", "Hammond",
    "Arnold", "Buckley", "Walters", "Hewitt", "Barber", "Nelson", "Slater", "Austin", "Sullivan", "Whitehead",
    "Mann", "Frost", "Lambert", "Smyth", "Thomson", "Nowak", "Kowalski", "Wiśniewski", "Mensah", "Okafor", "Adeyemi",
    "Lewis-Hughes", "Owen-Jones", "Ap Rhys", "MacLeod", "D'Souza", "Müller", "Brontë", "Ó Súilleabháin", "Grünewald",
]

COURTS = ["Magistrates' Court", "Crown Court"]
# Offences named as "statute section", which is how the interchange import links a test to the trigger list.
OFFENCES = [
    "Theft Act 1968 s1", "Theft Act 1968 s1", "Theft Act 1968 s1", "Theft Act 1968 s9", "Theft Act 1968 s8",
    "Misuse of Drugs Act 1971 s5(2)", "Misuse of Drugs Act 1971 s5(3)", "Fraud Act 2006 s1", "Theft Act 1968 s22",
    "Theft Act 1968 s12",
]
ETHNICITY = "AAAAAAAAAAAAAACCDFHJJKLMMNNPRSZ"  # weighted draw: about 45 % White British, the rest mixed
