package demo

// The lists in this file were written for contactgate; the companies are
// invented. Some share a word ("Summit Analytics", "Summit Freight") so that
// a matcher comparing company tokens meets near misses.

// companyNames are company names without a legal form. None ends in a word
// that a legal form could be mistaken for ("Co", "Company").
var companyNames = []string{
	"Acme", "Globex", "Initech", "Northwind Traders", "Contoso", "Fabrikam",
	"Vandelay Industries", "Hooli", "Solent Marine", "Umbrella Systems",
	"Wayfarer Logistics", "Bluefin Analytics", "Harbor & Pine", "Redwood Labs",
	"Summit Analytics", "Summit Freight", "Summit Health", "Crescent Media",
	"Ironbridge Capital", "Silverline Software", "Maple Hollow Foods",
	"Oakridge Partners", "Pinnacle Dynamics", "Riverbend Energy",
	"Stonegate Insurance", "Tidewater Marine", "Brightpath Learning",
	"Cobalt Automation", "Evergreen Outfitters", "Falcon Aerospace",
	"Granite Peak Builders", "Horizon Telecom", "Juniper Biotech",
	"Keystone Logistics", "Lighthouse Data", "Meridian Travel",
	"Nimbus Cloud", "Orion Instruments", "Pioneer Seeds", "Quantum Leap",
	"Sterling & Webb", "Trident Security", "Vertexa Pharma", "Willow Creek Farms",
	"Zenith Optics", "Atlas Freight", "Beacon Hill Advisors", "Cedar Grove Homes",
	"Delta Payments", "Ember Games", "Foxglove Botanicals", "Golden Gate Brewing",
	"Highland Spirits", "Indigo Textiles", "Jasper Mining", "Kestrel Drones",
	"Lumen Lighting", "Magnolia Interiors", "Northstar Navigation",
	"Obsidian Networks", "Peregrine Air", "Quarry Stone Works", "Rosewood Hotels",
	"Saffron Kitchens", "Thistle & Rose", "Upland Outdoor", "Vantage Point Media",
	"Westbrook Clinics", "Yellowstone Supply", "Zephyr Wind Power",
	"Anchor Bay Seafood", "Blackthorn Legal", "Copperfield Mills",
	"Driftwood Design", "Eastgate Retail", "Fairview Dental", "Greenleaf Organics",
	"Hawthorne Academy", "Ivory Tower Press", "Jetstream Couriers",
	"Kingfisher Boats", "Larkspur Florists", "Marble Arch Properties",
	"Newfield Engineering", "Oceanic Shipping", "Parkside Vets", "Quill & Ink",
	"Ravenwood Studios", "Seaside Resorts", "Tall Oaks Nursery",
	"Unity Health Partners", "Valley Forge Metals", "Whitfield & Sons",
	"Yorkshire Tea Rooms", "Alder Analytics", "Birch Financial", "Cypress Circuitworks",
	"Dogwood Pediatrics", "Elmhurst Bakery", "Fir & Spruce", "Ginkgo Life Sciences",
	"Hemlock Hardware", "Ironwood Tools", "Juniper Hollow Crafts", "Kauri Exports",
	"Linden Architects", "Mahogany Furniture", "Nutmeg Spices", "Olive Branch Catering",
	"Poplar Paper", "Quince Cosmetics", "Rowan Consulting", "Sycamore Schools",
	"Teak & Tide", "Umber Paints", "Vine Street Wines", "Walnut Grove Dairy",
	"Yew Tree Pharmacy", "Zelkova Records", "Apex Fitness", "Brightwater Pools",
	"Clearview Windows", "Dynamo Electric", "Echo Valley Audio", "Firefly Solar",
	"Gemstone Jewelers", "Harvest Moon Foods", "Inkwell Publishing",
	"Jubilee Events", "Keel & Mast", "Lodestar Mapping", "Mosaic Tiles",
	"Nova Scotia Fisheries", "Outpost Camping", "Paragon Plastics",
	"Quicksilver Couriers", "Radiant Skincare", "Sapphire Travel",
	"Tangent Engineering", "Ultraviolet Labs", "Velocity Motors",
	"Wavelength Radio", "Xenon Lighting", "Yardstick Measurement", "Zodiac Toys",
	"Arrowhead Flour", "Bramble Books", "Cinder Block Construction",
	"Dovetail Joinery", "Eagle Eye Optometry", "Flint Hill Quarries",
	"Gull Island Ferries", "Hollow Oak Cider", "Island Pacific Trading",
	"Jade Garden Restaurants", "Kite & Key", "Lantern Software", "Millstone Grain",
	"Nightingale Care Homes", "Owl Creek Vineyards", "Pebble Beach Rentals",
	"Quayside Marina", "Ridgeline Cycles", "Sandpiper Surf", "Thunderbird Motels",
	"Underwood Typewriters", "Vesper Candles", "Wolfpack Security", "Yarrow Herbs",
	"Zinnia Floral", "Aurora Displays", "Basalt Geotech", "Citadel Storage",
	"Dune Buggy Rentals", "Emberly Candles", "Fathom Diving", "Glacier Water",
	"Hearth & Home", "Icefield Cold Storage", "Jolly Roger Costumes",
	"Kaleidoscope Kids", "Limestone Realty", "Monarch Butterfly Gardens",
	"Nomad Luggage", "Onyx Audio", "Prism Optics", "Quartz Watches",
	"Rampart Defense", "Stratus Aviation", "Terracotta Pottery", "Ursa Major Telescopes",
	"Voyager Cruises", "Wildflower Honey", "Yonder Travel", "Zest Juice Bar",
	"Alpine Ski Works", "Bayside Credit Union", "Canyon Ranch Supply",
	"Desert Rose Spa", "Everest Climbing", "Fjord Seafoods", "Grove Street Cafe",
	"Heritage Bank", "Inlet Kayaks", "Juniper Hill Golf", "Knollwood Furniture",
	"Lakeside Pharmacy", "Moorland Wool", "Northgate Mall", "Orchard Lane Cider",
	"Prairie Wind Farms", "Quarry Hill Gravel", "Rapids Rafting", "Sierra Trail Tours",
	"Tundra Outerwear", "Uptown Barbers", "Vista Eye Care", "Wetland Conservancy",
	"Yucca Valley Solar", "Zion Canyon Outfitters", "Amber Waves Bakery",
	"Blue Ridge Savings", "Coral Reef Aquatics", "Daybreak Coffee", "Elm Street Dental",
	"Frontier Catering", "Gateway Freight", "Hilltop Veterinary",
	"Ironclad Roofing", "Jetty Fish Bar", "Kettle & Crumb", "Lighthouse Point Marina",
	"Mountain View Orthodontics", "Nautilus Diving", "Old Mill Antiques",
	"Pacific Crest Trails", "Quaker Hill Schools", "Red Barn Market",
	"Silver Birch Lodges", "Timberline Homes", "Union Square Florists",
	"Victory Garden Supply", "Windmill Bakeries", "Yorkshire Dales Cheese",
	"Zigzag Print", "Arcadia Games", "Brook & Bramble", "Crossroads Insurance",
	"Dockside Brewery", "Elderberry Wellness", "Foundry Row Lofts",
	"Gaslight Theatre", "Harbourside Dental", "Ivy League Tutors", "Jigsaw Recruitment",
	"Kingsway Motors", "Lowland Malts", "Meadowbrook Farms", "Northern Lights Energy",
	"Oxbow Outfitters", "Pennine Water", "Queensbury Estates", "Riverside Clinics",
	"Southbank Studios", "Thames Valley Couriers", "Ullswater Boats",
	"Victoria Wharf", "Wessex Cables", "Yeoman Security", "Zetland Homes",
}

// usLegalForms are families of spellings of one legal form, the first the
// company's own; "" is a company whose name carries none.
var usLegalForms = [][]string{
	{" Corp", " Corp.", " Corporation"},
	{" Inc.", " Inc", ", Inc.", " Incorporated"},
	{" LLC", ", LLC", " L.L.C."},
	{" Co.", " Company", " & Co."},
	{""},
}

// ukLegalForms are the UK families, as usLegalForms.
var ukLegalForms = [][]string{
	{" Ltd", " Ltd.", " Limited"},
	{" PLC", " plc", " Plc"},
}

// jobTitles are the values of the jobtitle property.
var jobTitles = []string{
	"CEO", "CFO", "CTO", "COO", "VP Sales", "VP Marketing", "VP Engineering",
	"Head of Operations", "Head of Finance", "Head of People", "Sales Director",
	"Marketing Manager", "Product Manager", "Project Manager", "Account Executive",
	"Account Manager", "Customer Success Manager", "Software Engineer",
	"Senior Software Engineer", "Data Analyst", "Data Scientist",
	"Office Manager", "Procurement Manager", "Purchasing Agent", "Controller",
	"Accountant", "HR Business Partner", "Recruiter", "Operations Analyst",
	"Business Analyst", "IT Manager", "Systems Administrator", "Designer",
	"Content Strategist", "Consultant", "Partner", "Founder", "Owner",
	"Executive Assistant", "Legal Counsel",
}

// lifecycleStages are HubSpot's internal values of lifecyclestage, in order.
var lifecycleStages = []string{
	"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
	"opportunity", "customer",
}

// streets name the streets of billing addresses.
var streets = []string{
	"Market Street", "Main Street", "Broadway", "Mission Street", "High Street",
	"Church Road", "Station Road", "Park Avenue", "Oak Street", "Elm Street",
	"Maple Avenue", "King Street", "Queen Street", "Victoria Road", "Mill Lane",
	"Harbor Drive", "Commerce Street", "Innovation Way", "Chapel Street",
	"Bridge Street",
}

// emailTags are the "+tag" suffixes people add to their addresses.
var emailTags = []string{
	"news", "crm", "work", "signup", "webinar", "billing", "promo", "2025",
}

// personalDomains are the personal e-mail providers, with the share of
// personal addresses at each. All of them ignore a "+tag" in the local part.
var personalDomains = []struct {
	domain string
	weight float64
}{
	{"gmail.com", 0.50}, {"yahoo.com", 0.15}, {"outlook.com", 0.15},
	{"hotmail.com", 0.05}, {"icloud.com", 0.15},
}
